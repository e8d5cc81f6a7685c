package dev.opsflow.exec;

import java.util.Objects;

/**
 * Run targets in consecutive batches instead of all at once.
 *
 * @param batchSize    hosts per batch; or 0 to use {@code batchPercent}
 * @param batchPercent percentage (1..100) of the targets per batch, rounded up; used when batchSize is 0
 * @param onFailure    what to do after a batch with a non-SUCCEEDED host
 */
public record Rolling(int batchSize, int batchPercent, OnBatchFailure onFailure) {
    public Rolling {
        Objects.requireNonNull(onFailure, "onFailure");
        if (batchSize < 0 || batchPercent < 0 || batchPercent > 100 || (batchSize == 0 && batchPercent == 0)) {
            throw new IllegalArgumentException("rolling needs batchSize > 0 or batchPercent in 1..100");
        }
    }

    /** @return the batch size for {@code targets} hosts, at least 1 */
    public int sizeFor(int targets) {
        if (batchSize > 0) return batchSize;
        return Math.max(1, (int) Math.ceil(targets * batchPercent / 100.0));
    }
}
