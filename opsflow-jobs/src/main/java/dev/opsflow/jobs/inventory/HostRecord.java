package dev.opsflow.jobs.inventory;

import dev.opsflow.exec.Host;
import java.time.Instant;
import java.util.Map;

/**
 * A stored host of a project's inventory.
 *
 * @param labels sorted by key, never null
 */
public record HostRecord(String name, String address, int port, String os, Map<String, String> labels,
                         Instant createdAt, Instant updatedAt) {
    public HostRecord {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    /** @return this host as the executor sees it */
    public Host toHost() {
        return new Host(name, address, port, os, labels);
    }

    /** @return the fields a caller can set, for comparisons and export */
    public HostSpec spec() {
        return new HostSpec(name, address, port, os, labels);
    }
}
