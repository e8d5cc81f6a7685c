package dev.opsflow.exec;

import java.time.Instant;
import java.util.Map;

/**
 * What happened on one host. Secret values are already masked in every string field.
 *
 * @param host         {@link Host#name()}
 * @param state        current (in a snapshot) or final state
 * @param exitCode     script exit code; null when the script did not exit by itself (or for non-scripts
 *                     that never ran)
 * @param startedAt    when the host left PENDING; null while pending
 * @param finishedAt   when it reached a terminal state; null until then
 * @param stdout       captured stdout, at most outputCapBytes (plus the truncation mark)
 * @param stderr       captured stderr, same cap
 * @param truncated    true when stdout or stderr was cut
 * @param outputs      values published with {@code ##opsflow:output} marker lines (see {@link dev.opsflow.engine.plugin.OutputMarkers}; a malformed one fails the host)
 * @param error        human-readable reason of a non-SUCCEEDED state; null on success
 * @param outputDigest lower-case hex SHA-256 of the captured (capped, masked) stdout, a NUL byte, then the
 *                     captured stderr (used for grouping);
 *                     null until terminal
 */
public record HostResult(String host, HostState state, Integer exitCode, Instant startedAt, Instant finishedAt,
                         String stdout, String stderr, boolean truncated, Map<String, Object> outputs,
                         String error, String outputDigest) {
    public HostResult {
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /** A pending host. */
    public static HostResult pending(String host) {
        return new HostResult(host, HostState.PENDING, null, null, null, "", "", false, Map.of(), null, null);
    }
}
