package dev.opsflow.jobs.inventory;

import dev.opsflow.exec.Host;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a caller sends to create or replace a host (API body, import line).
 *
 * @param name    unique per project; letters, digits, '.', '_', '-'; not {@value Host#LOCAL} (that target
 *                always means the Opsflow server itself)
 * @param address DNS name or IP; defaults to {@code name} when null or blank
 * @param port    SSH port 1..65535; 0 means the default 22
 * @param os      free-form OS hint; defaults to {@code "linux"}
 * @param labels  label key → value; null means none
 */
public record HostSpec(String name, String address, int port, String os, Map<String, String> labels) {
    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_OS = "linux";

    public HostSpec {
        address = address == null || address.isBlank() ? name : address.trim();
        port = port == 0 ? DEFAULT_PORT : port;
        os = os == null || os.isBlank() ? DEFAULT_OS : os.trim();
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** Adds every problem of this spec to {@code problems}; {@code prefix} is prepended to field names. */
    void validate(Problems problems, String prefix, int line) {
        problems.name(prefix + "name", line, "host", name);
        if (Host.LOCAL.equals(name)) {
            problems.add(prefix + "name", line, "reserved-name", "host name 'local' is reserved for the Opsflow server itself");
        }
        if (address != null && !Problems.ADDRESS.matcher(address).matches()) {
            problems.add(prefix + "address", line, "invalid-address", "address '" + address
                    + "' must be a DNS name or an IP address (letters, digits, '.', ':', '-', at most 255)");
        } else if (Host.LOCAL.equals(address)) {
            problems.add(prefix + "address", line, "reserved-address",
                    "address 'local' is reserved: target the Opsflow server with the target 'local'");
        }
        if (port < 1 || port > 65535) {
            problems.add(prefix + "port", line, "invalid-port", "port must be 1..65535 but was " + port);
        }
        if (os.length() > 100) problems.add(prefix + "os", line, "too-long", "os must be at most 100 characters");
        problems.labels(prefix + "labels", line, labels);
    }

    /** @return this host as the executor sees it */
    public Host toHost() {
        return new Host(name, address, port, os, labels);
    }
}
