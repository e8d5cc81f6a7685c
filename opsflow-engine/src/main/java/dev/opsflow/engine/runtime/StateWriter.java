package dev.opsflow.engine.runtime;

import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.store.WriteSet;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of decisions: one thread drains every queued {@link WriteSet} (up to {@code maxBatch})
 * into one transaction, so many tasks' transitions share a commit while each is still committed before
 * it is acted on. Futures complete with true (applied), false (fence failed: the task is no longer
 * ours) or exceptionally (the transaction failed).
 */
final class StateWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateWriter.class);
    private record Pending(WriteSet set, CompletableFuture<Boolean> done) { }

    private final TaskRepository repository;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicReference<Runnable> renewal = new java.util.concurrent.atomic.AtomicReference<>();

    StateWriter(TaskRepository repository, int maxBatch, int index) {
        this.repository = repository;
        this.maxBatch = maxBatch;
        this.thread = Thread.ofPlatform().name("opsflow-state-writer-" + index).daemon().start(this::loop);
    }

    /** Runs {@code renew} on the writer thread between two batches (at most one pending renewal). */
    void renewLeases(Runnable renew) {
        renewal.set(renew);
    }

    /** @return completes after the set's transaction committed (true) or was fenced off (false) */
    CompletableFuture<Boolean> submit(WriteSet set) {
        var p = new Pending(set, new CompletableFuture<>());
        if (stopped) {
            p.done.completeExceptionally(new IllegalStateException("engine stopped"));
            return p.done;
        }
        queue.add(p);
        return p.done;
    }

    private void loop() {
        var batch = new ArrayList<Pending>(maxBatch);
        while (!stopped || !queue.isEmpty()) {
            try {
                var renew = renewal.getAndSet(null);
                if (renew != null) renewQuietly(renew);
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                if (stopped) break;
            } finally {
                batch.clear();
            }
        }
    }

    private static void renewQuietly(Runnable renew) {
        try {
            renew.run();
        } catch (RuntimeException e) {
            log.warn("lease renewal failed; it is tried again at the next interval", e);
        }
    }

    private void writeBatch(ArrayList<Pending> batch) {
        var sets = new ArrayList<WriteSet>(batch.size());
        for (var p : batch) sets.add(p.set);
        try {
            var applied = repository.write(sets);
            for (int i = 0; i < batch.size(); i++) batch.get(i).done.complete(applied[i]);
        } catch (RuntimeException e) {
            log.error("commit of {} decisions failed; their tasks are released and will be recovered", batch.size(), e);
            for (var p : batch) p.done.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
