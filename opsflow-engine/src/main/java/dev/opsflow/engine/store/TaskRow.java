package dev.opsflow.engine.store;

import dev.opsflow.engine.task.TaskState;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A task as stored (no node runs), for listings and API reads. Secret variables are as stored (encrypted).
 */
public record TaskRow(String id, String project, String name, String template, int templateVersion, TaskState state,
                      Map<String, Object> variables, Set<String> secretNames, Set<String> deselected,
                      Map<String, Object> outputs, String createdBy, Instant createdAt, Instant startedAt,
                      Instant finishedAt, String parentTaskId, String parentNodeId, int parentAttempt, String owner,
                      Instant leaseUntil, long version) {
}
