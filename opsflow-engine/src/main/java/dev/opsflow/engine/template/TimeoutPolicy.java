package dev.opsflow.engine.template;

import java.time.Duration;

/**
 * Per-node time limit, measured from the start of each attempt.
 *
 * @param duration the limit; {@link Duration#ZERO} means none
 * @param action   what a timeout does to the node
 */
public record TimeoutPolicy(Duration duration, Action action) {
    /** No time limit. */
    public static final TimeoutPolicy NONE = new TimeoutPolicy(Duration.ZERO, Action.FAIL);

    /** Outcome of a timeout. */
    public enum Action {
        /** The node fails (subject to its retry policy and onError). */
        FAIL,
        /** The node fails but the task continues past it as if it had been ignored. */
        FAIL_AND_CONTINUE
    }

    /** @return true when a limit is set */
    public boolean isSet() {
        return !duration.isZero() && !duration.isNegative();
    }
}
