package dev.opsflow.jobs.inventory;

import java.util.HashSet;
import java.util.List;

/**
 * What a caller sends to create or replace a host group.
 *
 * @param members  static groups: host names (each must exist, no duplicates)
 * @param selector dynamic groups: a {@link LabelSelector}
 */
public record GroupSpec(String name, GroupKind kind, List<String> members, String selector) {
    public GroupSpec {
        members = members == null ? List.of() : List.copyOf(members);
    }

    public static GroupSpec ofStatic(String name, List<String> members) {
        return new GroupSpec(name, GroupKind.STATIC, members, null);
    }

    public static GroupSpec ofDynamic(String name, String selector) {
        return new GroupSpec(name, GroupKind.DYNAMIC, List.of(), selector);
    }

    /** Adds problems of the shape (not whether members exist) to {@code problems}. */
    void validate(Problems problems, int line) {
        problems.name("name", line, "host group", name);
        if (kind == null) {
            problems.add("kind", line, "required", "kind is required: 'static' or 'dynamic'");
        } else if (kind == GroupKind.STATIC) {
            if (selector != null) problems.add("selector", line, "not-allowed", "a static group has members, not a selector");
            var seen = new HashSet<String>();
            for (int i = 0; i < members.size(); i++) {
                var m = members.get(i);
                if (m == null || !Problems.NAME.matcher(m).matches()) {
                    problems.add("members[" + i + "]", line, "invalid-name", "'" + m + "' is not a host name");
                } else if (!seen.add(m)) {
                    problems.add("members[" + i + "]", line, "duplicate", "host '" + m + "' is listed twice");
                }
            }
        } else {
            if (!members.isEmpty()) problems.add("members", line, "not-allowed", "a dynamic group has a selector, not members");
            if (selector == null || selector.isBlank()) {
                problems.add("selector", line, "required", "a dynamic group needs a selector, e.g. env=prod,role in (web,db)");
            } else {
                try {
                    LabelSelector.parse(selector);
                } catch (IllegalArgumentException e) {
                    problems.add("selector", line, "invalid-selector", e.getMessage());
                }
            }
        }
    }
}
