package dev.opsflow.jobs.run;

import dev.opsflow.exec.Execution;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs driven by this server right now: their live {@link Execution} (to terminate or resume it) and a
 * change signal that {@code awaitRun} waits on (a ReentrantLock, so waiting virtual threads never pin
 * their carrier).
 */
public final class ActiveRuns {
    /** One driven run. */
    public static final class Handle {
        private Execution execution;
        private String terminateReason;

        /** Attaches the current step's execution; terminates it at once when termination was requested. */
        synchronized void attach(Execution e) {
            execution = e;
            if (e != null && terminateReason != null) e.terminate(terminateReason);
        }

        synchronized void terminate(String reason) {
            if (terminateReason == null) terminateReason = reason;
            if (execution != null) execution.terminate(reason);
        }

        synchronized boolean terminated() {
            return terminateReason != null;
        }

        synchronized void resume() {
            if (execution != null) execution.resume();
        }

        synchronized boolean isPaused() {
            return execution != null && execution.isPaused();
        }
    }

    private final Map<String, Handle> runs = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final RunEvents events = new RunEvents();

    /** @return a new handle, or null when this server already drives the run */
    Handle register(String runId) {
        var h = new Handle();
        return runs.putIfAbsent(runId, h) == null ? h : null;
    }

    void unregister(String runId) {
        runs.remove(runId);
        signal();
    }

    /** @return the handle of a run this server drives, or null */
    Handle get(String runId) {
        return runs.get(runId);
    }

    Set<String> ids() {
        return Set.copyOf(runs.keySet());
    }

    public RunEvents events() {
        return events;
    }

    /** Wakes every waiter: some run changed state. */
    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a change signal, at most {@code max}. */
    void awaitChange(Duration max) throws InterruptedException {
        lock.lock();
        try {
            changed.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }
}
