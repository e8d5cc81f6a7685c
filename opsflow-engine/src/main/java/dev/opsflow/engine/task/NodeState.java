package dev.opsflow.engine.task;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of a node within a task (of its current pass), with its one transition table.
 *
 * <pre>
 * PENDING   -> RUNNING | READY | SUSPENDED | FINISHED | FAILED | SKIPPED | REVOKED
 *              (a reached node starts at once when it can; READY only when it must wait for a paused task
 *              or a retry delay; start, end, gateways and converges finish at once; a gateway whose
 *              conditions fail, or a node past its loop limit, fails at once)
 * READY     -> RUNNING | SUSPENDED | SKIPPED | REVOKED
 * SUSPENDED -> READY | SKIPPED | REVOKED                         (breakpoint)
 * RUNNING   -> WAITING | FINISHED | FAILED | READY | REVOKED     (READY: automatic retry scheduled)
 * WAITING   -> RUNNING | FINISHED | FAILED | READY | REVOKED     (approval, callback, timer, poll, subflow)
 * FAILED    -> READY | SKIPPED | REVOKED                         (operator retry / skip)
 * FINISHED, SKIPPED: end of the pass; a loop that reaches the node again opens a new pass in PENDING
 * REVOKED: terminal
 * </pre>
 */
public enum NodeState {
    PENDING, READY, RUNNING, WAITING, SUSPENDED, FINISHED, FAILED, SKIPPED, REVOKED;

    private static final Map<NodeState, Set<NodeState>> ALLOWED = Map.of(
            PENDING, EnumSet.of(RUNNING, READY, SUSPENDED, FINISHED, FAILED, SKIPPED, REVOKED),
            READY, EnumSet.of(RUNNING, SUSPENDED, SKIPPED, REVOKED),
            SUSPENDED, EnumSet.of(READY, SKIPPED, REVOKED),
            RUNNING, EnumSet.of(WAITING, FINISHED, FAILED, READY, REVOKED),
            WAITING, EnumSet.of(RUNNING, FINISHED, FAILED, READY, REVOKED),
            FAILED, EnumSet.of(READY, SKIPPED, REVOKED),
            FINISHED, EnumSet.noneOf(NodeState.class),
            SKIPPED, EnumSet.noneOf(NodeState.class),
            REVOKED, EnumSet.noneOf(NodeState.class));

    /** @return true when {@code this -> next} is in the table */
    public boolean canMoveTo(NodeState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** @return true while the node holds its branch (ready, running, waiting, suspended) */
    public boolean isActive() {
        return this == READY || this == RUNNING || this == WAITING || this == SUSPENDED;
    }

    /** @return true when the node let its branch continue */
    public boolean isDone() {
        return this == FINISHED || this == SKIPPED;
    }
}
