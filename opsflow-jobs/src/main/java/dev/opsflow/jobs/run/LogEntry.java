package dev.opsflow.jobs.run;

import java.time.Instant;

/** One stored output line of one host ({@code job_log}); {@code stream} is stdout or stderr. */
public record LogEntry(long id, String runId, int step, int attempt, String host, String stream, String line, Instant at) {
}
