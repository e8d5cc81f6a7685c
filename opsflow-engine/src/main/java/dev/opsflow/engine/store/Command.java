package dev.opsflow.engine.store;

import java.time.Instant;
import java.util.Map;

/**
 * An operator command waiting in the task inbox for the task's owner.
 *
 * @param id      inbox id
 * @param payload {@code {"op": "retry", "nodeId": ..., ...}}
 */
public record Command(long id, String taskId, String actor, Map<String, Object> payload, Instant createdAt) {
}
