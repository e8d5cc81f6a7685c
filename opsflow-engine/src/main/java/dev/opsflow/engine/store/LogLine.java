package dev.opsflow.engine.store;

import java.time.Instant;

/**
 * One line of a node attempt's log (already masked).
 *
 * @param pass   1-based loop pass of the node run the attempt belongs to
 * @param seq    increasing within (task, node): ordered by time across attempts, passes and restarts
 *               (ranges are handed out per attempt from the engine's clock)
 * @param stream {@code stdout}, {@code stderr} or {@code info}
 */
public record LogLine(String taskId, String nodeId, int pass, int attempt, long seq, String stream, String text, Instant at) {
}
