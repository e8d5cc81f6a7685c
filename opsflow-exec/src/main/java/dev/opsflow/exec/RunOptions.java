package dev.opsflow.exec;

import java.time.Duration;

/**
 * How a script or file run fans out.
 *
 * @param concurrency    most hosts in flight at once (> 0)
 * @param connectTimeout TCP connect + SSH handshake + authentication limit per host; exceeding it
 *                       makes the host UNREACHABLE
 * @param outputCapBytes most bytes of stdout and of stderr kept per host (each); the rest is dropped
 *                       and marked "[... truncated: N bytes omitted ...]". Listeners still see every line
 * @param rolling        batches; null = all targets in one go
 * @param hostKeyPolicy  how unknown host keys are treated
 */
public record RunOptions(int concurrency, Duration connectTimeout, long outputCapBytes, Rolling rolling,
                         HostKeyPolicy hostKeyPolicy) {
    public RunOptions {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be > 0");
        if (outputCapBytes < 1) throw new IllegalArgumentException("outputCapBytes must be > 0");
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        hostKeyPolicy = hostKeyPolicy == null ? HostKeyPolicy.TRUST_ON_FIRST_USE : hostKeyPolicy;
    }

    /** 200 hosts at once, 10 s connect timeout, 1 MiB output per stream, no rolling, trust on first use. */
    public static RunOptions defaults() {
        return new RunOptions(200, Duration.ofSeconds(10), 1024 * 1024, null, HostKeyPolicy.TRUST_ON_FIRST_USE);
    }

    public RunOptions withRolling(Rolling rolling) {
        return new RunOptions(concurrency, connectTimeout, outputCapBytes, rolling, hostKeyPolicy);
    }

    public RunOptions withHostKeyPolicy(HostKeyPolicy policy) {
        return new RunOptions(concurrency, connectTimeout, outputCapBytes, rolling, policy);
    }

    public RunOptions withConnectTimeout(Duration timeout) {
        return new RunOptions(concurrency, timeout, outputCapBytes, rolling, hostKeyPolicy);
    }

    public RunOptions withOutputCapBytes(long cap) {
        return new RunOptions(concurrency, connectTimeout, cap, rolling, hostKeyPolicy);
    }

    public RunOptions withConcurrency(int n) {
        return new RunOptions(n, connectTimeout, outputCapBytes, rolling, hostKeyPolicy);
    }
}
