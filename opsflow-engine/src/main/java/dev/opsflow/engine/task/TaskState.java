package dev.opsflow.engine.task;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of a task, with its one transition table. Stored by name.
 *
 * <pre>
 * CREATED -> RUNNING | REVOKED
 * RUNNING -> PAUSED | FINISHED | FAILED | REVOKED
 * PAUSED  -> RUNNING | REVOKED
 * FAILED  -> RUNNING (an operator retried or skipped a node) | REVOKED
 * FINISHED, REVOKED: terminal
 * </pre>
 */
public enum TaskState {
    CREATED, RUNNING, PAUSED, FINISHED, FAILED, REVOKED;

    private static final Map<TaskState, Set<TaskState>> ALLOWED = Map.of(
            CREATED, EnumSet.of(RUNNING, REVOKED),
            RUNNING, EnumSet.of(PAUSED, FINISHED, FAILED, REVOKED),
            PAUSED, EnumSet.of(RUNNING, REVOKED),
            FAILED, EnumSet.of(RUNNING, REVOKED),
            FINISHED, EnumSet.noneOf(TaskState.class),
            REVOKED, EnumSet.noneOf(TaskState.class));

    /** @return true when no transition leaves this state */
    public boolean isTerminal() {
        return this == FINISHED || this == REVOKED;
    }

    /** @return true when {@code this -> next} is in the table */
    public boolean canMoveTo(TaskState next) {
        return ALLOWED.get(this).contains(next);
    }
}
