package dev.opsflow.engine.store;

import java.time.Instant;

/**
 * One line of a node attempt's log (already masked).
 *
 * @param pass   1-based loop pass of the node run the attempt belongs to
 * @param seq    unique and increasing within (task, node, pass, attempt), in the order the lines were
 *               written, also across engine restarts and takeovers (see {@link LogSequence}); lines of
 *               different attempts are ordered by {@code at}, not by seq
 * @param stream {@code stdout}, {@code stderr} or {@code info}
 */
public record LogLine(String taskId, String nodeId, int pass, int attempt, long seq, String stream, String text, Instant at) {
}
