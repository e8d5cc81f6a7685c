package dev.opsflow.jobs.run;

import dev.opsflow.exec.HostResult;
import dev.opsflow.exec.HostState;
import java.time.Instant;
import java.util.Map;

/**
 * One host in one attempt of one step ({@code job_host}). The step's result for a host is its latest
 * attempt. Full output lives in {@code job_log}; {@code stdoutHead}/{@code stderrHead} keep the first
 * few KiB for grouping samples.
 */
public record JobHost(String runId, int step, String host, int attempt, String address, int port, HostState state,
                      Integer exitCode, Instant startedAt, Instant finishedAt, boolean truncated,
                      Map<String, Object> outputs, String error, String outputDigest, String stdoutHead,
                      String stderrHead) {
    /** @return the row as an executor result, for {@link dev.opsflow.exec.ResultGroups} */
    public HostResult toResult() {
        return new HostResult(host, state, exitCode, startedAt, finishedAt, stdoutHead, stderrHead, truncated, outputs,
                error, outputDigest);
    }
}
