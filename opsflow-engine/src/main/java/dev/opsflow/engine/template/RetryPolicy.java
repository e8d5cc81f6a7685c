package dev.opsflow.engine.template;

import java.time.Duration;

/**
 * Automatic retry of a failed plugin node.
 *
 * @param maxAttempts total attempts including the first (1 = no retry)
 * @param backoff     fixed or exponential delay between attempts
 * @param interval    delay before the second attempt
 * @param maxInterval cap for exponential backoff
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration interval, Duration maxInterval) {
    /** No automatic retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Backoff.FIXED, Duration.ZERO, Duration.ZERO);

    /** Delay growth between attempts. */
    public enum Backoff { FIXED, EXPONENTIAL }

    /**
     * @param failedAttempt the 1-based attempt that just failed
     * @return true when another attempt is allowed
     */
    public boolean allowsAnotherAfter(int failedAttempt) {
        return failedAttempt < maxAttempts;
    }

    /**
     * Delay before attempt {@code failedAttempt + 1}: {@code interval} (fixed) or
     * {@code interval * 2^(failedAttempt-1)} capped at {@code maxInterval} (exponential).
     *
     * @param failedAttempt the 1-based attempt that just failed
     * @return the delay, never negative
     */
    public Duration delayAfter(int failedAttempt) {
        if (backoff == Backoff.FIXED) return interval;
        long factor = 1L << Math.min(30, Math.max(0, failedAttempt - 1));
        Duration d = interval.multipliedBy(factor);
        return maxInterval.isZero() || d.compareTo(maxInterval) < 0 ? d : maxInterval;
    }
}
