package dev.opsflow.engine.task;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a task's audit trail, appended in the same transaction as the state change it records.
 *
 * @param seq    1-based, gap-free sequence within the task
 * @param taskId the task
 * @param nodeId the node, or null for task-level events
 * @param type   past-tense type, stored by name (e.g. {@code NODE_FINISHED}); never renamed once shipped
 * @param actor  user name, or {@code "engine"}
 * @param at     commit-time clock reading of the decision
 * @param reason free text or null
 * @param data   small JSON-able details (attempt, pass, branch taken, edited inputs...)
 */
public record TaskEvent(long seq, String taskId, String nodeId, String type, String actor, Instant at,
                        String reason, Map<String, Object> data) {
    /** Actor name for transitions the engine makes by itself. */
    public static final String ENGINE = "engine";

    public TaskEvent {
        data = data == null ? Map.of() : data;
    }
}
