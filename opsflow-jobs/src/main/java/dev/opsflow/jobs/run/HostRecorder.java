package dev.opsflow.jobs.run;

import dev.opsflow.exec.ExecutionListener;
import dev.opsflow.exec.HostState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ExecutionListener} of one step attempt: buffers output lines (capped per host and stream,
 * masked again for defence in depth) and host state changes, and writes them in batches from its own
 * virtual thread — every {@value #FLUSH_MILLIS} ms or as soon as {@value #FLUSH_LINES} lines wait —
 * so the executor's I/O threads never wait for the database. {@link #close()} flushes the rest and
 * the truncation marks.
 */
final class HostRecorder implements ExecutionListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostRecorder.class);
    static final int FLUSH_LINES = 500;
    static final long FLUSH_MILLIS = 250;

    private final RunStore store;
    private final String runId;
    private final int step;
    private final int attempt;
    private final LogCap cap;
    private final Masker masker;
    private final Clock clock;
    private final BiConsumer<Integer, Boolean> batchListener;
    private final RunEvents events;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private List<LogEntry> lines = new ArrayList<>();
    private Map<String, RunStore.HostUpdate> states = new LinkedHashMap<>();
    private boolean closed;
    private final Thread flusher;

    HostRecorder(RunStore store, String runId, int step, int attempt, long capBytes, Masker masker, Clock clock,
                 BiConsumer<Integer, Boolean> batchListener, RunEvents events) {
        this.store = store;
        this.runId = runId;
        this.step = step;
        this.attempt = attempt;
        this.cap = new LogCap(capBytes);
        this.masker = masker;
        this.clock = clock;
        this.batchListener = batchListener;
        this.events = events;
        this.flusher = Thread.ofVirtual().name("job-log-" + runId + "-" + step).start(this::loop);
    }

    @Override
    public void hostStateChanged(String host, HostState state, String message) {
        var msg = masker.mask(message);
        lock.lock();
        try {
            states.put(host, new RunStore.HostUpdate(host, state, msg, clock.instant()));
        } finally {
            lock.unlock();
        }
        events.publish(runId, new RunEvents.Event("host", Map.of("step", step, "attempt", attempt, "host", host,
                "state", state.name(), "message", msg == null ? "" : msg)));
    }

    @Override
    public void output(String host, String stream, String line) {
        var text = masker.mask(line);
        events.publish(runId, new RunEvents.Event("log", Map.of("step", step, "attempt", attempt, "host", host,
                "stream", stream, "text", text)));
        if (!cap.accept(host, stream, text)) return;
        lock.lock();
        try {
            lines.add(new LogEntry(0, runId, step, attempt, host, stream, text, clock.instant()));
            if (lines.size() >= FLUSH_LINES) wake.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void batchFinished(int batchIndex, int batches, boolean failed) {
        batchListener.accept(batchIndex < batches - 1 ? batchIndex : -1, failed);
    }

    /** @return hosts whose stored log was cut */
    java.util.Set<String> truncatedHosts() {
        return cap.truncatedHosts();
    }

    private void loop() {
        while (true) {
            lock.lock();
            try {
                if (!closed && lines.size() < FLUSH_LINES) wake.await(FLUSH_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (closed) return;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            flush();
        }
    }

    private void flush() {
        List<LogEntry> l;
        Map<String, RunStore.HostUpdate> s;
        lock.lock();
        try {
            l = lines;
            s = states;
            lines = new ArrayList<>();
            states = new LinkedHashMap<>();
        } finally {
            lock.unlock();
        }
        try {
            store.appendLogs(l);
            store.updateHosts(runId, step, attempt, s.values());
        } catch (RuntimeException e) {
            log.warn("run {} step {}: storing {} log lines failed: {}", runId, step, l.size(), e.getMessage());
        }
    }

    /** Stops the flusher, then writes what is left and one truncation mark per capped stream. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            for (var n : cap.notes()) lines.add(new LogEntry(0, runId, step, attempt, n.host(), n.stream(), n.line(), clock.instant()));
        } finally {
            lock.unlock();
        }
        flush();
    }
}
