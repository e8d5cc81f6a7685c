package dev.opsflow.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans one {@link HostTask} out over the targets: batches in order (one batch when not rolling),
 * hosts of a batch in parallel on virtual threads, at most {@code concurrency} at once (semaphore).
 * After a batch with a non-SUCCEEDED host the rolling policy decides: pause until resume(), stop
 * (the rest end TERMINATED "not run: batch N failed"), or continue.
 */
final class RunExecution implements Execution, HostTask.RunControl {
    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);

    private final List<HostRecord> records;
    private final RunOptions options;
    private final ExecutionListener listener;
    private final HostTask task;
    private final Semaphore slots;
    private final CompletableFuture<List<HostResult>> done = new CompletableFuture<>();
    private final Consumer<RunExecution> onDone;
    private volatile String terminatedReason;
    private volatile CompletableFuture<Void> resumeSignal;

    RunExecution(List<HostRecord> records, RunOptions options, ExecutionListener listener, HostTask task,
                 Consumer<RunExecution> onDone) {
        this.records = List.copyOf(records);
        this.options = options;
        this.listener = listener;
        this.task = task;
        this.slots = new Semaphore(options.concurrency());
        this.onDone = onDone;
    }

    void start() {
        Thread.ofVirtual().name("opsflow-run").start(this::coordinate);
    }

    private void coordinate() {
        try {
            var batches = batches();
            for (int b = 0; b < batches.size(); b++) {
                if (terminatedReason != null) break;
                var batch = batches.get(b);
                runBatch(batch);
                boolean failed = batch.stream().anyMatch(r -> r.state() != HostState.SUCCEEDED);
                listener.batchFinished(b, batches.size(), failed);
                if (!failed || b == batches.size() - 1 || options.rolling() == null) continue;
                switch (options.rolling().onFailure()) {
                    case CONTINUE -> { }
                    case STOP -> {
                        var reason = "not run: batch " + (b + 1) + " failed";
                        for (var later : batches.subList(b + 1, batches.size())) {
                            later.forEach(r -> r.finish(HostState.TERMINATED, null, reason));
                        }
                        return;
                    }
                    case PAUSE -> awaitResume();
                }
            }
        } catch (RuntimeException e) {
            log.error("run coordinator failed", e);
            records.forEach(r -> r.finish(HostState.FAILED, null, "internal error: " + e));
        } finally {
            var reason = terminatedReason == null ? "not run" : terminatedReason;
            records.forEach(r -> r.finish(HostState.TERMINATED, null, reason));
            done.complete(snapshot());
            onDone.accept(this);
        }
    }

    private List<List<HostRecord>> batches() {
        if (options.rolling() == null) return List.of(records);
        int size = options.rolling().sizeFor(records.size());
        var out = new ArrayList<List<HostRecord>>();
        for (int i = 0; i < records.size(); i += size) out.add(records.subList(i, Math.min(records.size(), i + size)));
        return out;
    }

    private void runBatch(List<HostRecord> batch) {
        var threads = new ArrayList<Thread>(batch.size());
        for (var record : batch) {
            threads.add(Thread.ofVirtual().name("opsflow-host-" + record.host.name()).start(() -> runHost(record)));
        }
        for (var t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void runHost(HostRecord record) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            record.finish(HostState.TERMINATED, null, "interrupted");
            return;
        }
        try {
            if (terminatedReason != null) {
                record.finish(HostState.TERMINATED, null, terminatedReason);
                return;
            }
            if (!record.start()) return;
            task.run(record, this);
        } catch (RuntimeException e) {
            log.warn("host {} failed unexpectedly", record.host.name(), e);
        } finally {
            record.finish(HostState.FAILED, null, "internal error: the host ended without a result");
            slots.release();
        }
    }

    private void awaitResume() {
        var signal = new CompletableFuture<Void>();
        resumeSignal = signal;
        if (terminatedReason != null) signal.complete(null);
        try {
            signal.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            resumeSignal = null;
        }
    }

    @Override
    public CompletableFuture<List<HostResult>> done() {
        return done;
    }

    @Override
    public List<HostResult> snapshot() {
        return records.stream().map(HostRecord::snapshot).toList();
    }

    @Override
    public void terminate(String reason) {
        synchronized (this) {
            if (terminatedReason != null) return;
            terminatedReason = reason == null || reason.isBlank() ? "terminated" : reason;
        }
        for (var r : records) {
            if (r.state() == HostState.PENDING) {
                r.finish(HostState.TERMINATED, null, terminatedReason);
            } else {
                var cancel = r.canceller();
                if (cancel != null) Thread.ofVirtual().start(cancel);
            }
        }
        var signal = resumeSignal;
        if (signal != null) signal.complete(null);
    }

    @Override
    public void resume() {
        var signal = resumeSignal;
        if (signal != null) signal.complete(null);
    }

    @Override
    public boolean isPaused() {
        var signal = resumeSignal;
        return signal != null && !signal.isDone();
    }

    @Override
    public String terminatedReason() {
        return terminatedReason;
    }
}
