package dev.opsflow.exec;

/**
 * Live progress of a run. Called from I/O threads: implementations must be thread-safe and quick
 * (hand off heavy work). An exception thrown by a listener is logged and ignored.
 */
public interface ExecutionListener {
    ExecutionListener NONE = new ExecutionListener() {};

    /** A host entered {@code state}; {@code message} is the error for failure states, else null. */
    default void hostStateChanged(String host, HostState state, String message) {}

    /**
     * One complete line (without the line terminator, secrets masked) of {@code stream}
     * ({@code "stdout"} or {@code "stderr"}) as it arrives; every line, regardless of the output cap.
     */
    default void output(String host, String stream, String line) {}

    /** Batch {@code batchIndex} (0-based) of {@code batches} ended; {@code failed} = a host did not succeed. */
    default void batchFinished(int batchIndex, int batches, boolean failed) {}
}
