package dev.opsflow.engine.store;

import dev.opsflow.engine.task.TaskState;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A task row to insert.
 *
 * @param id              task id ({@code t_} + 26 chars)
 * @param project         project name
 * @param name            display name
 * @param template        template name
 * @param templateVersion pinned version
 * @param variables       bound variables; secret ones already encrypted by the caller
 * @param secretNames     names of secret variables
 * @param deselected      deselected optional node ids
 * @param createdBy       user name
 * @param createdAt       creation time
 * @param parentTaskId    parent task for subflow children, else null
 * @param parentNodeId    parent node, else null
 * @param parentAttempt   parent node attempt, else 0
 * @param state           initial state (CREATED, or RUNNING for children started at once)
 */
public record NewTask(String id, String project, String name, String template, int templateVersion,
                      Map<String, Object> variables, Set<String> secretNames, Set<String> deselected, String createdBy,
                      Instant createdAt, String parentTaskId, String parentNodeId, int parentAttempt, TaskState state) {
}
