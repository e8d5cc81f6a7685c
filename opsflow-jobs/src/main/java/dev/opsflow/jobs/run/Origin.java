package dev.opsflow.jobs.run;

import java.util.Objects;

/**
 * Who started a job run and through what.
 *
 * @param kind   api, cli or flow
 * @param actor  the user (or, for flows, the task's creator) recorded as {@code startedBy}
 * @param taskId the flow task that started the run (kind flow), else null
 * @param nodeId the node of that task, else null
 */
public record Origin(Kind kind, String actor, String taskId, String nodeId) {
    /** Through what a run was started; stored by lower-case name. */
    public enum Kind { API, CLI, FLOW }

    public Origin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
    }

    public static Origin api(String actor) {
        return new Origin(Kind.API, actor, null, null);
    }

    public static Origin cli(String actor) {
        return new Origin(Kind.CLI, actor, null, null);
    }

    public static Origin flow(String actor, String taskId, String nodeId) {
        return new Origin(Kind.FLOW, actor, taskId, nodeId);
    }

    /** @return this origin with another actor */
    public Origin by(String other) {
        return new Origin(kind, other, taskId, nodeId);
    }
}
