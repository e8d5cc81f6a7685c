package dev.opsflow.exec;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A running script or file push over many hosts. Thread-safe. */
public interface Execution {
    /** Completes with one result per target, in target order, once every host is terminal. Never fails. */
    CompletableFuture<List<HostResult>> done();

    /** @return the current result of every target, in target order */
    List<HostResult> snapshot();

    /**
     * Stops the run: running hosts have their process group killed and end TERMINATED with
     * {@code reason} as error; pending hosts end TERMINATED without running. Idempotent.
     */
    void terminate(String reason);

    /** Continues a rolling run paused after a failed batch; no-op when not paused. */
    void resume();

    /** @return true while a rolling run with {@link OnBatchFailure#PAUSE} waits for {@link #resume()} */
    boolean isPaused();
}
