package dev.opsflow.exec;

import java.util.Map;
import java.util.Objects;

/**
 * A machine a script or file step runs on.
 *
 * @param name    display name and the key of its {@link HostResult}; unique within one run
 * @param address DNS name or IP of the SSH server, or {@value #LOCAL} for the Opsflow server's own host
 *                (no SSH: the script runs as a local child process)
 * @param port    SSH port (1..65535); ignored for {@link #local()}
 * @param os      free-form OS hint ("linux"); informational only
 * @param labels  free-form labels used by host groups; never null (copied)
 */
public record Host(String name, String address, int port, String os, Map<String, String> labels) {
    /** The address meaning "this server itself, without SSH". */
    public static final String LOCAL = "local";

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        if (!LOCAL.equals(address) && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("host '" + name + "': port must be 1..65535 but was " + port);
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A host named {@code name} reachable at {@code address:port} over SSH, no labels. */
    public static Host ssh(String name, String address, int port) {
        return new Host(name, address, port, "linux", Map.of());
    }

    /** The server's own host: scripts run through {@link ProcessBuilder}, files are copied locally. */
    public static Host local() {
        return new Host(LOCAL, LOCAL, 0, System.getProperty("os.name", "linux").toLowerCase(), Map.of());
    }

    /** @return true when this host is the server itself (address {@value #LOCAL}) */
    public boolean isLocal() {
        return LOCAL.equals(address);
    }
}
