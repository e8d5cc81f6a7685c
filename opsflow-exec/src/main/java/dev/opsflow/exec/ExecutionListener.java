package dev.opsflow.exec;

/**
 * Live progress of a run. Called from I/O threads: implementations must be thread-safe and quick
 * (hand off heavy work). An exception thrown by a listener is logged and ignored.
 */
public interface ExecutionListener {
    ExecutionListener NONE = new ExecutionListener() {};

    /**
     * A host entered {@code state}; {@code message} is the error for failure states, else null. Terminal
     * states arrive through {@link #hostFinished}, whose default implementation calls this.
     */
    default void hostStateChanged(String host, HostState state, String message) {}

    /**
     * A host reached its terminal state: {@code result} is its final result (state, exit code, captured
     * output, outputs, error; secrets masked), the same as in {@link Execution#done()}. Called once per
     * host, on the thread that ended it (the host's own, or the one that terminated the run), before
     * {@link Execution#done()} completes; for a host that ran to its end, after its last {@link #output}
     * line. Listeners that store results use this rather than waiting for the whole run. By default
     * reports {@code hostStateChanged(host, state, error)}.
     */
    default void hostFinished(HostResult result) {
        hostStateChanged(result.host(), result.state(), result.error());
    }

    /**
     * One complete line (without the line terminator, secrets masked) of {@code stream}
     * ({@code "stdout"} or {@code "stderr"}) as it arrives; every line, regardless of the output cap.
     */
    default void output(String host, String stream, String line) {}

    /** Batch {@code batchIndex} (0-based) of {@code batches} ended; {@code failed} = a host did not succeed. */
    default void batchFinished(int batchIndex, int batches, boolean failed) {}
}
