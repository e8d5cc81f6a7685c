package dev.opsflow.engine.plugin;

/** Cancellation signal of one attempt: set on revoke, force-fail or timeout. Thread-safe. */
public interface Cancellation {
    /** @return true once cancelled */
    boolean isCancelled();

    /** @return why it was cancelled ("timed out after 5s", "revoked by admin"), or null */
    String reason();

    /**
     * Registers an action run once on cancellation (immediately when already cancelled), e.g. killing
     * a process group. Runs on the cancelling thread; must not block for long.
     */
    void onCancel(Runnable action);
}
