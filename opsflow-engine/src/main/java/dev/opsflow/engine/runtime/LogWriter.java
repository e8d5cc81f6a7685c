package dev.opsflow.engine.runtime;

import dev.opsflow.engine.store.LogLine;
import dev.opsflow.engine.store.TaskRepository;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches node log lines into few transactions (up to 2,000 lines or 50 ms). {@link #flush()} lets a
 * finished attempt's lines land before its outcome is decided, so followers never see a node end
 * before its last lines.
 */
final class LogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);
    private final TaskRepository repository;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    LogWriter(TaskRepository repository) {
        this.repository = repository;
        this.thread = Thread.ofPlatform().name("opsflow-log-writer").daemon().start(this::loop);
    }

    void append(LogLine line) {
        queue.add(line);
    }

    /** @return completes once every line appended before this call is stored */
    CompletableFuture<Void> flush() {
        var f = new CompletableFuture<Void>();
        queue.add(f);
        return f;
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        var items = new ArrayList<Object>();
        while (!stopped || !queue.isEmpty()) {
            try {
                var first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                items.add(first);
                queue.drainTo(items, 2000);
                var lines = new ArrayList<LogLine>();
                var waiters = new ArrayList<CompletableFuture<Void>>();
                for (var i : items) {
                    if (i instanceof LogLine l) lines.add(l);
                    else waiters.add((CompletableFuture<Void>) i);
                }
                try {
                    if (!lines.isEmpty()) repository.appendLogs(lines);
                } catch (RuntimeException e) {
                    log.error("{} log lines could not be stored", lines.size(), e);
                }
                waiters.forEach(w -> w.complete(null));
            } catch (InterruptedException e) {
                if (stopped) break;
            } finally {
                items.clear();
            }
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
