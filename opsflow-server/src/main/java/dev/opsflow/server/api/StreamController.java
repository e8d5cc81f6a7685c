package dev.opsflow.server.api;

import dev.opsflow.engine.runtime.TaskEngine;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.TaskState;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live task updates over Server-Sent Events. Reads committed events from the database (so it works
 * across replicas) and is woken early by this replica's engine when it commits events; without a
 * wake-up (another replica owns the task) it looks again every 300 ms.
 *
 * <p>Every stream has its own wake-up semaphore, so any number of streams of one task are all woken;
 * a wake-up that arrives while a stream is busy sending is kept as a permit (none is lost), and a
 * virtual thread waiting on a semaphore does not pin its carrier as {@code Object.wait} can.
 */
@RestController
@RequestMapping("/api/v1")
public class StreamController {
    private final TaskRepository repository;
    private final Map<String, Set<Semaphore>> wakeups = new ConcurrentHashMap<>();

    public StreamController(TaskRepository repository, TaskEngine engine) {
        this.repository = repository;
        engine.addListener(events -> {
            var streams = wakeups.get(events.getFirst().taskId());
            if (streams != null) streams.forEach(Semaphore::release);
        });
    }

    @GetMapping(path = "/tasks/{id}/stream", produces = "text/event-stream")
    SseEmitter stream(@PathVariable String id, @RequestParam(defaultValue = "0") long after,
                      @RequestParam(defaultValue = "true") boolean logs) {
        if (repository.findTask(id).isEmpty()) throw new NoSuchElementException("task '" + id + "' does not exist");
        var emitter = new SseEmitter(0L);
        Thread.ofVirtual().name("sse-" + id).start(() -> pump(id, after, logs, emitter));
        return emitter;
    }

    private void pump(String id, long after, boolean withLogs, SseEmitter emitter) {
        var wakeup = new Semaphore(0);
        wakeups.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(wakeup);
        long seq = after;
        var logSeq = new HashMap<String, Long>();
        try {
            while (true) {
                for (var e : repository.events(id, seq, 1000)) {
                    emitter.send(SseEmitter.event().name("task-event").id(Long.toString(e.seq())).data(e));
                    seq = e.seq();
                }
                if (withLogs) sendLogs(id, logSeq, emitter);
                var task = repository.findTask(id).orElseThrow();
                if (task.state() == TaskState.FINISHED || task.state() == TaskState.REVOKED) {
                    if (repository.events(id, seq, 1).isEmpty()) {
                        emitter.send(SseEmitter.event().name("end").data(Map.of("state", task.state().name())));
                        emitter.complete();
                        return;
                    }
                    continue;
                }
                if (wakeup.tryAcquire(300, TimeUnit.MILLISECONDS)) wakeup.drainPermits();
            }
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } finally {
            wakeups.computeIfPresent(id, (k, streams) -> {
                streams.remove(wakeup);
                return streams.isEmpty() ? null : streams;
            });
        }
    }

    private void sendLogs(String id, Map<String, Long> logSeq, SseEmitter emitter) throws IOException {
        for (var n : repository.nodes(id)) {
            if (n.attempt() == 0) continue;
            var key = n.nodeId() + "#" + n.pass() + "#" + n.attempt(); // every loop pass restarts at attempt 1
            long after = logSeq.getOrDefault(key, 0L);
            if (after < 0) continue; // settled attempt whose lines were all sent
            boolean settled = !n.state().equals("RUNNING") && !n.state().equals("WAITING");
            for (var line : repository.logs(id, n.nodeId(), n.pass(), n.attempt(), after, 1000)) {
                emitter.send(SseEmitter.event().name("log").data(Map.of("nodeId", line.nodeId(), "pass", line.pass(), "attempt",
                        line.attempt(), "seq", line.seq(), "stream", line.stream(), "text", line.text())));
                after = line.seq();
            }
            logSeq.put(key, settled ? -1L : after);
        }
    }
}
