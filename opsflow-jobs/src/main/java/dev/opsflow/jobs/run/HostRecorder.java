package dev.opsflow.jobs.run;

import dev.opsflow.exec.ExecutionListener;
import dev.opsflow.exec.HostResult;
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
 * masked again for defence in depth), host state changes and the final results of hosts as they end,
 * and writes them in batches from its own virtual thread — every {@value #FLUSH_MILLIS} ms or as soon
 * as {@value #FLUSH_LINES} lines wait — so the executor's I/O threads never wait for the database.
 * {@link #close()} flushes the rest and the truncation marks.
 *
 * <p>Events: {@code log} events go out as lines arrive; a {@code host} event goes out only after the
 * write that stored what it reports (the state, and for a terminal state the whole result: exit code,
 * end, error, output heads), so whoever reads the run on a {@code host} event sees at least that. A
 * {@code host} event may therefore follow log lines of its host by up to {@value #FLUSH_MILLIS} ms. When
 * that write fails, its host events are dropped (logged): the step's end writes every result again
 * ({@link RunStore#finishHosts}) and the run event after it tells clients to look.
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
    private List<HostResult> finished = new ArrayList<>();
    /** Host events of the updates above, published once those are stored. */
    private List<RunEvents.Event> hostEvents = new ArrayList<>();
    private boolean closed;
    /** Hosts whose final result {@link RunStore#finishHosts} has stored (written by the flusher, read at the step's end). */
    private final java.util.Set<String> resultsStored = java.util.concurrent.ConcurrentHashMap.newKeySet();
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

    /** A live state (RUNNING); terminal states come with their result through {@link #hostFinished}. */
    @Override
    public void hostStateChanged(String host, HostState state, String message) {
        var msg = masker.mask(message);
        lock.lock();
        try {
            states.put(host, new RunStore.HostUpdate(host, state, msg, clock.instant()));
            hostEvents.add(hostEvent(host, state, msg));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void hostFinished(HostResult result) {
        var masked = mask(result, masker);
        lock.lock();
        try {
            finished.add(masked);
            hostEvents.add(hostEvent(masked.host(), masked.state(), masked.error()));
        } finally {
            lock.unlock();
        }
    }

    private RunEvents.Event hostEvent(String host, HostState state, String message) {
        return new RunEvents.Event("host", Map.of("step", step, "attempt", attempt, "host", host,
                "state", state.name(), "message", message == null ? "" : message));
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

    /**
     * @return whether {@code host}'s final result is stored already (a batch that failed leaves it to the
     *     step's end, which writes every result this says false for)
     */
    boolean resultStored(String host) {
        return resultsStored.contains(host);
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
        List<HostResult> f;
        List<RunEvents.Event> stored;
        lock.lock();
        try {
            l = lines;
            s = states;
            f = finished;
            stored = hostEvents;
            lines = new ArrayList<>();
            states = new LinkedHashMap<>();
            finished = new ArrayList<>();
            hostEvents = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        try {
            store.appendLogs(l);
        } catch (RuntimeException ex) {
            log.warn("run {} step {}: storing {} log lines failed: {}", runId, step, l.size(), ex.getMessage());
        }
        try {
            store.updateHosts(runId, step, attempt, s.values());
            // a host's lines reach output() before its hostFinished(), so its truncation flag is final by now
            if (!f.isEmpty()) {
                store.finishHosts(runId, step, attempt, f, cap.truncatedHosts());
                for (var r : f) resultsStored.add(r.host());
            }
        } catch (RuntimeException ex) {
            log.warn("run {} step {}: storing {} host states and {} results failed, their events are dropped: {}",
                    runId, step, s.size(), f.size(), ex.getMessage());
            return;
        }
        for (var event : stored) events.publish(runId, event);
    }

    /** @return {@code r} with the step's secret values masked in every text again (defence in depth, as for lines) */
    static HostResult mask(HostResult r, Masker m) {
        if (m.isEmpty()) return r;
        var outputs = new java.util.LinkedHashMap<String, Object>();
        r.outputs().forEach((k, v) -> outputs.put(k, v instanceof String s ? m.mask(s) : v));
        return new HostResult(r.host(), r.state(), r.exitCode(), r.startedAt(), r.finishedAt(), m.mask(r.stdout()),
                m.mask(r.stderr()), r.truncated(), outputs, m.mask(r.error()), r.outputDigest());
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
