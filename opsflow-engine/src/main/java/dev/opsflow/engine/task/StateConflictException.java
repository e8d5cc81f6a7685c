package dev.opsflow.engine.task;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An operation is not allowed in the current state (answered 409). Message form:
 * "Expected node 'deploy' to be FAILED or SUSPENDED but was FINISHED".
 */
public class StateConflictException extends RuntimeException {
    /** @param message the full message */
    public StateConflictException(String message) {
        super(message);
    }

    /** @return the standard message for a node */
    public static StateConflictException node(String nodeId, NodeState actual, NodeState... expected) {
        return new StateConflictException("Expected node '" + nodeId + "' to be " + join(expected) + " but was " + actual);
    }

    /** @return the standard message for a task */
    public static StateConflictException task(String taskId, TaskState actual, TaskState... expected) {
        return new StateConflictException("Expected task '" + taskId + "' to be " + join(expected) + " but was " + actual);
    }

    private static String join(Enum<?>... states) {
        var names = Arrays.stream(states).map(Enum::name).toList();
        if (names.size() == 1) return names.getFirst();
        return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", "))
                + " or " + names.getLast();
    }
}
