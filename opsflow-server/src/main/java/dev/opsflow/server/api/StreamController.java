package dev.opsflow.server.api;

import dev.opsflow.engine.runtime.TaskEngine;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.TaskState;
import dev.opsflow.engine.store.LogLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StreamController.class);
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
        // added inside compute: a set another stream's finally is removing (it was empty) must not get it
        wakeups.compute(id, (k, streams) -> {
            var set = streams != null ? streams : ConcurrentHashMap.<Semaphore>newKeySet();
            set.add(wakeup);
            return set;
        });
        long seq = after;
        var cursors = new LogCursors();
        try {
            while (true) {
                // logs first, then events, merged by time: a line is never sent after an event that
                // follows it (the next node's start), and the events read last include everything
                // committed while the lines were read
                var lines = new ArrayList<>(withLogs ? cursors.newLines(id) : List.<LogLine>of());
                lines.sort(Comparator.comparing(LogLine::at)); // stable: one attempt's lines keep their order
                var events = repository.events(id, seq, 1000);
                // a merge, not a sort: events always go out in seq order; a line goes before the first
                // event that is later than it
                int l = 0;
                for (var e : events) {
                    while (l < lines.size() && lines.get(l).at().isBefore(e.at())) sendLine(emitter, lines.get(l++));
                    emitter.send(SseEmitter.event().name("task-event").id(Long.toString(e.seq())).data(e));
                    seq = e.seq();
                }
                while (l < lines.size()) sendLine(emitter, lines.get(l++));
                if (events.size() == 1000) continue;
                var task = repository.findTask(id).orElseThrow();
                if (task.state() == TaskState.FINISHED || task.state() == TaskState.REVOKED) {
                    // lines flushed after the last read (the task's final nodes) go out before the end
                    for (var line : withLogs ? cursors.newLines(id) : List.<LogLine>of()) sendLine(emitter, line);
                    if (repository.events(id, seq, 1).isEmpty()) {
                        emitter.send(SseEmitter.event().name("end").data(Map.of("state", task.state().name())));
                        emitter.complete();
                        return;
                    }
                    continue;
                }
                if (wakeup.tryAcquire(300, TimeUnit.MILLISECONDS)) wakeup.drainPermits();
            }
        } catch (IOException e) {
            emitter.completeWithError(e); // the client went away
        } catch (RuntimeException e) {
            // a database error or a task deleted underneath: end the stream so the client reconnects
            // (?after=seq) instead of waiting on a silent connection forever
            log.warn("stream of task {} failed: {}", id, e.toString());
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

    private static void sendLine(SseEmitter emitter, LogLine line) throws IOException {
        emitter.send(SseEmitter.event().name("log").data(Map.of("nodeId", line.nodeId(), "pass", line.pass(),
                "attempt", line.attempt(), "seq", line.seq(), "stream", line.stream(), "text", line.text())));
    }

    /**
     * Where a stream is in each node's log: the last sequence number sent per (node, pass, attempt).
     * When a node has moved on to another pass or attempt since the last look, the rest of the one it
     * left is read first, then every pass and attempt with lines in between (a node retried or looped
     * several times between two looks), so no line is lost.
     */
    private final class LogCursors {
        private final Map<List<Object>, long[]> sent = new HashMap<>(); // (node, pass, attempt) -> {last seq, done ? 1 : 0}
        private final Map<String, int[]> current = new HashMap<>(); // node -> {pass, attempt} last seen

        List<LogLine> newLines(String id) {
            var out = new ArrayList<LogLine>();
            for (var n : repository.nodes(id)) {
                if (n.attempt() == 0) continue;
                var previous = current.put(n.nodeId(), new int[]{n.pass(), n.attempt()});
                if (previous != null && (previous[0] != n.pass() || previous[1] != n.attempt())) {
                    drain(id, n.nodeId(), previous[0], previous[1], true, out);
                    for (var between : repository.logAttemptsAfter(id, n.nodeId(), previous[0], previous[1])) {
                        if (between[0] == n.pass() && between[1] == n.attempt()) break; // drained below
                        drain(id, n.nodeId(), between[0], between[1], true, out);
                    }
                }
                boolean settled = !n.state().equals("RUNNING") && !n.state().equals("WAITING");
                drain(id, n.nodeId(), n.pass(), n.attempt(), settled, out);
            }
            return out;
        }

        private void drain(String id, String node, int pass, int attempt, boolean settled, List<LogLine> out) {
            // every loop pass restarts at attempt 1, so the pass is part of the key
            var cursor = sent.computeIfAbsent(List.of(node, pass, attempt), k -> new long[2]);
            if (cursor[1] == 1) return; // settled attempt whose lines were all sent
            List<LogLine> page;
            do {
                page = repository.logs(id, node, pass, attempt, cursor[0], 1000);
                out.addAll(page);
                if (!page.isEmpty()) cursor[0] = page.getLast().seq();
            } while (page.size() == 1000);
            if (settled) cursor[1] = 1;
        }

    }
}
