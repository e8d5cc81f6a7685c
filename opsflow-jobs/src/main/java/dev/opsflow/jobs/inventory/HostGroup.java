package dev.opsflow.jobs.inventory;

import java.time.Instant;
import java.util.List;

/**
 * A stored host group.
 *
 * @param kind     static (fixed member list) or dynamic (label selector, resolved when a run starts)
 * @param members  host names of a static group, in the order given; empty for dynamic groups
 * @param selector the selector of a dynamic group in canonical form; null for static groups
 */
public record HostGroup(String name, GroupKind kind, List<String> members, String selector, Instant createdAt,
                        Instant updatedAt) {
    public HostGroup {
        members = members == null ? List.of() : List.copyOf(members);
    }
}
