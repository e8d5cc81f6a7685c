package dev.opsflow.engine.store;

import java.time.Instant;
import java.util.Map;

/**
 * A node run or one attempt of it, as stored (inputs masked).
 *
 * @param attempt 1-based attempt (0 for a node that never started)
 */
public record NodeRow(String taskId, String nodeId, String state, int pass, int attempt, Instant startedAt,
                      Instant finishedAt, Instant dueAt, Map<String, Object> inputs, Map<String, Object> outputs,
                      String error, String waitingFor, Map<String, Object> pluginState) {
}
