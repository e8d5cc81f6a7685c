package dev.opsflow.jobs.inventory;

import java.util.List;

/**
 * The result of parsing an inventory file, before it is written: hosts and static groups, each with
 * the 1-based source line that defined it (for error messages at write time).
 */
record ParsedInventory(List<At<HostSpec>> hosts, List<At<GroupSpec>> groups) {
    /** A value and the source line it came from. */
    record At<T>(T value, int line) {
    }

    ParsedInventory {
        hosts = List.copyOf(hosts);
        groups = List.copyOf(groups);
    }
}
