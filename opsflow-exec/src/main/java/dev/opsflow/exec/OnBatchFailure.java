package dev.opsflow.exec;

/** What a rolling run does after a batch in which any host did not succeed. */
public enum OnBatchFailure {
    /** Pause before the next batch until {@link Execution#resume()} (or terminate). */
    PAUSE,
    /** Do not run later batches: their hosts end TERMINATED with "not run: batch N failed". */
    STOP,
    /** Go on with the next batch. */
    CONTINUE
}
