package dev.opsflow.jobs.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the job platform.
 *
 * @param dataDir           artifacts go to {@code <dataDir>/artifacts/<sha256>}
 * @param nodeId            this server replica, recorded as the owner of the runs it drives
 * @param logCapBytes       most bytes of stdout and of stderr stored per host and attempt; the rest is
 *                          dropped and one "[... truncated: N bytes omitted ...]" line is stored instead
 * @param concurrency       default hosts in flight per step
 * @param heartbeatInterval how often the owner of a running run proves it is alive
 * @param staleAfter        a RUNNING/PAUSED run whose heartbeat is older than this is considered
 *                          interrupted (its server died) and marked FAILED
 */
public record JobSettings(Path dataDir, String nodeId, long logCapBytes, int concurrency, Duration heartbeatInterval,
                          Duration staleAfter) {
    public JobSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(nodeId, "nodeId");
        if (logCapBytes < 1) throw new IllegalArgumentException("logCapBytes must be > 0");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be > 0");
    }

    /** 1 MiB of log per stream and host, 200 hosts at once, heartbeat every 5 s, stale after 30 s. */
    public static JobSettings defaults(Path dataDir, String nodeId) {
        return new JobSettings(dataDir, nodeId, 1024 * 1024, 200, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public JobSettings withLogCapBytes(long cap) {
        return new JobSettings(dataDir, nodeId, cap, concurrency, heartbeatInterval, staleAfter);
    }
}
