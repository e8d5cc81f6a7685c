package dev.opsflow.jobs.inventory;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a project's inventory as Ansible INI that {@link AnsibleIniParser} reads back to the same
 * hosts and static groups: every host once at the top (ungrouped position) with
 * {@code ansible_host}, {@code ansible_port}, {@code opsflow_os} and its labels as host vars, then one
 * {@code [group]} section per static group listing member names. {@code group.<g>=true} labels of
 * static groups the host is in are left out (the import derives them from membership). Dynamic groups
 * have no INI form and are listed as comments.
 */
final class AnsibleIniWriter {
    private AnsibleIniWriter() {
    }

    static String write(String project, List<HostRecord> hosts, List<HostGroup> groups) {
        var sb = new StringBuilder("# Opsflow inventory of project '").append(project).append("'\n");
        var staticGroups = groups.stream().filter(g -> g.kind() == GroupKind.STATIC).toList();
        for (var h : hosts) {
            Set<String> memberOf = staticGroups.stream().filter(g -> g.members().contains(h.name()))
                    .map(HostGroup::name).collect(Collectors.toSet());
            sb.append(h.name()).append(" ansible_host=").append(value(h.address())).append(" ansible_port=")
                    .append(h.port()).append(" opsflow_os=").append(value(h.os()));
            h.labels().forEach((k, v) -> {
                if (k.startsWith(AnsibleModel.GROUP_LABEL_PREFIX)
                        && memberOf.contains(k.substring(AnsibleModel.GROUP_LABEL_PREFIX.length())) && v.equals("true")) {
                    return;
                }
                sb.append(' ').append(k).append('=').append(value(v));
            });
            sb.append('\n');
        }
        for (var g : staticGroups) {
            sb.append('\n').append('[').append(g.name()).append("]\n");
            for (var m : g.members()) sb.append(m).append('\n');
        }
        for (var g : groups) {
            if (g.kind() == GroupKind.DYNAMIC) {
                sb.append("\n# dynamic group '").append(g.name()).append("': ").append(g.selector()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String value(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '#')) return v;
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
