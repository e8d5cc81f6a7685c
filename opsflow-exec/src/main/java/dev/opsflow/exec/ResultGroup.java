package dev.opsflow.exec;

import java.util.List;

/**
 * Hosts that ended the same way: same state, exit code and output digest.
 *
 * @param hosts        host names, in result order
 * @param sampleStdout stdout of the first host of the group
 * @param sampleStderr stderr of the first host of the group
 * @param error        error of the first host of the group
 */
public record ResultGroup(HostState state, Integer exitCode, String outputDigest, List<String> hosts,
                          String sampleStdout, String sampleStderr, String error) {
    public ResultGroup {
        hosts = List.copyOf(hosts);
    }
}
