package dev.opsflow.engine.store;

import java.time.Instant;

/**
 * One line of a node attempt's log (already masked).
 *
 * @param seq    1-based sequence within (task, node, attempt)
 * @param stream {@code stdout}, {@code stderr} or {@code info}
 */
public record LogLine(String taskId, String nodeId, int attempt, long seq, String stream, String text, Instant at) {
}
