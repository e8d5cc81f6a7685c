package dev.opsflow.exec;

import java.time.Duration;

/** Opens the transport of a host: local, or an authenticated SSH session. */
final class Transports {
    private final SshConnector connector;

    Transports(SshConnector connector) {
        this.connector = connector;
    }

    Transport open(Host host, Account account, Duration connectTimeout, HostKeyPolicy policy) throws HostFailure {
        if (host.isLocal()) return new LocalTransport();
        return new SshTransport(connector.connect(host, account, connectTimeout, policy), host);
    }
}
