package dev.opsflow.jobs.run;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live events of runs driven by this server (host state changes, output lines, run state changes)
 * for Server-Sent Events. In-memory and best-effort: the stored history is the source of truth.
 */
public final class RunEvents {
    private static final Logger log = LoggerFactory.getLogger(RunEvents.class);

    /** @param type {@code host}, {@code log} or {@code run}; data is JSON-ready */
    public record Event(String type, Map<String, Object> data) {
    }

    private final Map<String, Set<Consumer<Event>>> subscribers = new ConcurrentHashMap<>();

    /** @return a handle that unsubscribes when closed */
    public AutoCloseable subscribe(String runId, Consumer<Event> sink) {
        subscribers.computeIfAbsent(runId, k -> new CopyOnWriteArraySet<>()).add(sink);
        return () -> {
            var set = subscribers.get(runId);
            if (set != null) {
                set.remove(sink);
                if (set.isEmpty()) subscribers.remove(runId, set);
            }
        };
    }

    void publish(String runId, Event e) {
        var set = subscribers.get(runId);
        if (set == null) return;
        for (var s : set) {
            try {
                s.accept(e);
            } catch (RuntimeException ex) {
                log.debug("run {} event subscriber failed: {}", runId, ex.getMessage());
            }
        }
    }
}
