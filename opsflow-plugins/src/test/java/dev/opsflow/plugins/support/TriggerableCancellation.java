package dev.opsflow.plugins.support;

import dev.opsflow.engine.plugin.Cancellation;
import java.util.ArrayList;
import java.util.List;

/** A cancellation a test triggers with {@link #cancel(String)}. Thread-safe. */
public final class TriggerableCancellation implements Cancellation {
    private final List<Runnable> actions = new ArrayList<>();
    private String reason;
    private boolean cancelled;

    /** Cancels and runs the registered actions on the calling thread (once). */
    public void cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) return;
            cancelled = true;
            reason = why;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }

    @Override
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public synchronized String reason() {
        return reason;
    }

    @Override
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }
}
