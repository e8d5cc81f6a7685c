package dev.opsflow.jobs.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Ansible inventory as read from INI or YAML (groups with hosts, children and vars; hosts with
 * vars) and its mapping to Opsflow hosts and static groups:
 * <ul>
 *   <li>{@code ansible_host} / {@code ansible_ssh_host} → address (default: the host name);
 *       {@code ansible_port} / {@code ansible_ssh_port} or {@code name:port} → port;
 *       {@code opsflow_os} → os</li>
 *   <li>every other variable → a label of the same name; precedence as in Ansible: {@code all} vars,
 *       then group vars (parent groups before child groups, same depth by name), then host vars</li>
 *   <li>membership of group {@code g} (directly or through {@code [g:children]}) → label
 *       {@code group.g=true} and a static group {@code g} with every such host; {@code all} and
 *       {@code ungrouped} make neither</li>
 * </ul>
 */
final class AnsibleModel {
    static final String ALL = "all";
    static final String UNGROUPED = "ungrouped";
    static final String GROUP_LABEL_PREFIX = "group.";

    record Var(String value, int line) {
    }

    static final class Group {
        final String name;
        int line;
        final Map<String, Var> vars = new LinkedHashMap<>();
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();

        Group(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    static final class HostDef {
        final String name;
        final int line;
        Integer port;
        int portLine;
        final Map<String, Var> vars = new LinkedHashMap<>();

        HostDef(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    final Problems problems = new Problems();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, HostDef> hosts = new LinkedHashMap<>();

    Group group(String name, int line) {
        var g = groups.computeIfAbsent(name, n -> {
            problems.name("groups." + n, line, "group", n);
            return new Group(n, line);
        });
        if (g.line == 0) g.line = line;
        return g;
    }

    HostDef host(String name, int line) {
        return hosts.computeIfAbsent(name, n -> {
            problems.name("hosts." + n, line, "host", n);
            return new HostDef(n, line);
        });
    }

    void member(Group g, HostDef h) {
        g.hosts.add(h.name);
    }

    void child(Group parent, Group child, int line) {
        if (parent.name.equals(child.name) || ancestors(parent).contains(child.name)) {
            problems.add("groups." + parent.name, line, "cycle", "group '" + child.name + "' cannot be a child of '"
                    + parent.name + "': that makes a cycle");
            return;
        }
        parent.children.add(child.name);
        child.parents.add(parent.name);
    }

    /** @return the hosts and static groups, or throws every problem found while reading and mapping */
    ParsedInventory build() {
        var depth = depths();
        var out = new ArrayList<ParsedInventory.At<HostSpec>>();
        for (var h : hosts.values()) {
            var in = new LinkedHashSet<String>();
            for (var g : groups.values()) if (g.hosts.contains(h.name)) in.addAll(withAncestors(g.name));
            in.remove(ALL);
            in.remove(UNGROUPED);
            out.add(new ParsedInventory.At<>(spec(h, in, depth), h.line));
        }
        var groupsOut = new ArrayList<ParsedInventory.At<GroupSpec>>();
        for (var g : groups.values()) {
            if (g.name.equals(ALL) || g.name.equals(UNGROUPED)) continue;
            groupsOut.add(new ParsedInventory.At<>(GroupSpec.ofStatic(g.name, List.copyOf(members(g, new HashSet<>()))), g.line));
        }
        problems.throwIfAny();
        return new ParsedInventory(out, groupsOut);
    }

    /** Direct hosts in listed order, then each child's members; each host once. */
    private Set<String> members(Group g, Set<String> seen) {
        var out = new LinkedHashSet<String>(g.hosts);
        if (seen.add(g.name)) {
            for (var child : g.children) out.addAll(members(groups.get(child), seen));
        }
        return out;
    }

    private HostSpec spec(HostDef h, Set<String> in, Map<String, Integer> depth) {
        var merged = new LinkedHashMap<String, Var>();
        if (groups.containsKey(ALL)) merged.putAll(groups.get(ALL).vars);
        in.stream().sorted(Comparator.comparing((String g) -> depth.getOrDefault(g, 1)).thenComparing(g -> g))
                .forEach(g -> merged.putAll(groups.get(g).vars));
        merged.putAll(h.vars);
        String address = null;
        int port = h.port == null ? 0 : h.port;
        String os = null;
        var labels = new LinkedHashMap<String, String>();
        for (var e : merged.entrySet()) {
            var v = e.getValue();
            switch (e.getKey()) {
                case "ansible_host", "ansible_ssh_host" -> address = v.value();
                case "ansible_port", "ansible_ssh_port" -> port = port(h, v);
                case "opsflow_os" -> os = v.value();
                default -> {
                    var one = Map.of(e.getKey(), v.value());
                    problems.labels("hosts." + h.name + ".vars", v.line(), one);
                    labels.put(e.getKey(), v.value());
                }
            }
        }
        if (h.port != null) port = h.port;
        for (var g : in) labels.put(GROUP_LABEL_PREFIX + g, "true");
        var spec = new HostSpec(h.name, address, port, os, labels);
        if (!Problems.NAME.matcher(h.name).matches()) return spec; // reported once where the host was read
        var hostProblems = new Problems();
        spec.validate(hostProblems, "hosts." + h.name + ".", h.line);
        for (var p : hostProblems.all()) {
            if (!p.field().endsWith(".labels") && !p.field().contains(".labels.")) {
                problems.add(p.field(), p.line(), p.code(), p.message());
            }
        }
        return spec;
    }

    private int port(HostDef h, Var v) {
        try {
            int p = Integer.parseInt(v.value().trim());
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("hosts." + h.name + ".ansible_port", v.line(), "invalid-port",
                "ansible_port must be a number 1..65535 but was '" + v.value() + "'");
        return HostSpec.DEFAULT_PORT;
    }

    private Set<String> withAncestors(String group) {
        var out = new LinkedHashSet<String>();
        out.add(group);
        out.addAll(ancestors(groups.get(group)));
        return out;
    }

    private Set<String> ancestors(Group g) {
        var out = new LinkedHashSet<String>();
        var todo = new ArrayList<>(g.parents);
        while (!todo.isEmpty()) {
            var p = todo.removeLast();
            if (out.add(p)) todo.addAll(groups.get(p).parents);
        }
        return out;
    }

    /** Depth of each group: 1 for groups without a parent (other than all), parent depth + 1 below. */
    private Map<String, Integer> depths() {
        var depth = new HashMap<String, Integer>();
        for (var g : groups.values()) depth.put(g.name, depthOf(g, new HashSet<>()));
        return depth;
    }

    private int depthOf(Group g, Set<String> seen) {
        if (!seen.add(g.name)) return 1;
        int d = 1;
        for (var p : g.parents) {
            if (!p.equals(ALL)) d = Math.max(d, depthOf(groups.get(p), seen) + 1);
        }
        return d;
    }

    List<String> groupNames() {
        return List.copyOf(groups.keySet());
    }
}
