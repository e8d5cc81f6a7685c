package dev.opsflow.engine.store;

import dev.opsflow.engine.task.NodeRun;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one decision changes for one task, written atomically and fenced: the set applies only
 * when the task still has {@code expectedVersion} and is owned by {@code owner}. A set whose state,
 * times and outputs are null and that does not release leaves the task row itself untouched (only the
 * version moves), which keeps the common node-to-node transition cheap.
 *
 * @param taskId          the task
 * @param owner           the writing engine's id (fence)
 * @param expectedVersion the task row's version before this set (fence); it becomes expectedVersion + 1
 * @param state           task state after the decision, or null when the decision did not change it
 * @param startedAt       task start time or null
 * @param finishedAt      task end time or null
 * @param outputs         task outputs (JSON-able)
 * @param converges       converge counters after the decision: id to {arrivals, expected}
 * @param release         clear the owner (the task needs no owner: ended, failed, paused and idle)
 * @param nodes           changed node runs; inputs must already be masked
 * @param events          events to append
 * @param commandResults  inbox commands answered by this decision: command id to result ("ok" or an error message)
 * @param insert          a task to insert first (created and started in one commit), owned by {@code owner}
 *                        until {@code leaseUntil}, with version 0 and its TASK_CREATED event; else null
 * @param leaseUntil      the lease of an inserted task, else null
 */
public record WriteSet(String taskId, String owner, long expectedVersion, TaskState state, Instant startedAt,
                       Instant finishedAt, Map<String, Object> outputs, Map<String, int[]> converges, boolean release,
                       List<NodeRun> nodes, List<TaskEvent> events,
                       Map<Long, String> commandResults, NewTask insert, TaskEvent created, Instant leaseUntil) {

    /** A set that inserts nothing. */
    public WriteSet(String taskId, String owner, long expectedVersion, TaskState state, Instant startedAt,
                    Instant finishedAt, Map<String, Object> outputs, Map<String, int[]> converges, boolean release,
                    List<NodeRun> nodes, List<TaskEvent> events, Map<Long, String> commandResults) {
        this(taskId, owner, expectedVersion, state, startedAt, finishedAt, outputs, converges, release, nodes, events,
                commandResults, null, null, null);
    }
}
