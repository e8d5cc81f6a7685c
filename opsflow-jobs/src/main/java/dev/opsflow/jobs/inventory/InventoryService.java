package dev.opsflow.jobs.inventory;

import dev.opsflow.exec.Host;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A project's hosts and host groups on JDBC: CRUD, target resolution, Ansible/CSV import and export.
 * Every write is one transaction. Errors: {@link NoSuchElementException} for an unknown project, host or
 * group; {@link dev.opsflow.engine.template.TemplateInvalidException} (per-field problems, with lines
 * for imports) for invalid input; {@link InventoryConflictException} for a taken name. Thread-safe.
 */
public final class InventoryService {
    private final Sql sql;
    private final Clock clock;

    public InventoryService(DataSource ds, Clock clock) {
        this.sql = new Sql(ds);
        this.clock = clock;
    }

    /** @return every host of {@code project}, by name */
    public List<HostRecord> hosts(String project) {
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            return InventorySql.hosts(c, project);
        });
    }

    /** @return the hosts of {@code project} whose labels match {@code selector}, by name */
    public List<HostRecord> hosts(String project, LabelSelector selector) {
        return hosts(project).stream().filter(h -> selector.matches(h.labels())).toList();
    }

    public Optional<HostRecord> findHost(String project, String name) {
        return sql.tx(c -> InventorySql.host(c, project, name));
    }

    /** @throws NoSuchElementException naming the host and project */
    public HostRecord host(String project, String name) {
        return findHost(project, name).orElseThrow(() -> noHost(project, name));
    }

    /** @throws InventoryConflictException when the name is taken */
    public HostRecord createHost(String project, HostSpec spec) {
        var p = new Problems();
        spec.validate(p, "", 0);
        p.throwIfAny();
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            if (InventorySql.host(c, project, spec.name()).isPresent()) {
                throw new InventoryConflictException("host '" + spec.name() + "' already exists in project '" + project + "'");
            }
            InventorySql.insertHost(c, project, spec, clock.instant());
            return InventorySql.host(c, project, spec.name()).orElseThrow();
        });
    }

    /** Replaces address, port, os and labels of host {@code name}; the spec's name must be {@code name}. */
    public HostRecord updateHost(String project, String name, HostSpec spec) {
        var p = new Problems();
        if (spec.name() != null && !spec.name().equals(name)) {
            p.add("name", "rename-not-supported", "name '" + spec.name() + "' differs from the host '" + name
                    + "' being updated; hosts cannot be renamed (create a new one and delete this one)");
        }
        var fixed = new HostSpec(name, spec.address(), spec.port(), spec.os(), spec.labels());
        fixed.validate(p, "", 0);
        p.throwIfAny();
        return sql.tx(c -> {
            if (InventorySql.updateHost(c, project, fixed, clock.instant()) == 0) throw noHost(project, name);
            return InventorySql.host(c, project, name).orElseThrow();
        });
    }

    /** Deletes the host and removes it from every static group, in one transaction. */
    public void deleteHost(String project, String name) {
        sql.tx(c -> {
            if (Sql.update(c, "DELETE FROM inv_host WHERE project = ? AND name = ?", project, name) == 0) throw noHost(project, name);
            var now = clock.instant();
            for (var g : InventorySql.groups(c, project)) {
                if (g.kind() == GroupKind.STATIC && g.members().contains(name)) {
                    var members = g.members().stream().filter(m -> !m.equals(name)).toList();
                    InventorySql.updateGroup(c, project, GroupSpec.ofStatic(g.name(), members), now);
                }
            }
            return null;
        });
    }

    public List<HostGroup> groups(String project) {
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            return InventorySql.groups(c, project);
        });
    }

    /** @throws NoSuchElementException naming the group and project */
    public HostGroup group(String project, String name) {
        return sql.tx(c -> InventorySql.group(c, project, name)).orElseThrow(() -> noGroup(project, name));
    }

    /** @throws dev.opsflow.engine.template.TemplateInvalidException also when a member host does not exist */
    public HostGroup createGroup(String project, GroupSpec spec) {
        var p = new Problems();
        spec.validate(p, 0);
        p.throwIfAny();
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            requireMembers(c, project, spec);
            if (InventorySql.group(c, project, spec.name()).isPresent()) {
                throw new InventoryConflictException("host group '" + spec.name() + "' already exists in project '" + project + "'");
            }
            InventorySql.insertGroup(c, project, spec, clock.instant());
            return InventorySql.group(c, project, spec.name()).orElseThrow();
        });
    }

    /** Replaces kind, members and selector of group {@code name}; the spec's name must be {@code name} or null. */
    public HostGroup updateGroup(String project, String name, GroupSpec spec) {
        var p = new Problems();
        if (spec.name() != null && !spec.name().equals(name)) {
            p.add("name", "rename-not-supported", "name '" + spec.name() + "' differs from the group '" + name + "' being updated");
        }
        var fixed = new GroupSpec(name, spec.kind(), spec.members(), spec.selector());
        fixed.validate(p, 0);
        p.throwIfAny();
        return sql.tx(c -> {
            requireMembers(c, project, fixed);
            if (InventorySql.updateGroup(c, project, fixed, clock.instant()) == 0) throw noGroup(project, name);
            return InventorySql.group(c, project, name).orElseThrow();
        });
    }

    public void deleteGroup(String project, String name) {
        sql.tx(c -> {
            if (Sql.update(c, "DELETE FROM inv_host_group WHERE project = ? AND name = ?", project, name) == 0) {
                throw noGroup(project, name);
            }
            return null;
        });
    }

    /** @return the hosts of group {@code name}: static members in list order, dynamic matches by name */
    public List<Host> groupHosts(String project, String name) {
        return resolve(project, List.of("group:" + name));
    }

    /**
     * Resolves run targets (see {@link TargetSpec} for the item forms) against the inventory as it is
     * now: dynamic groups and selectors are evaluated here.
     *
     * @return the hosts, first occurrence order, each once (by name)
     * @throws IllegalArgumentException for an invalid item, an unknown host or an unknown group, naming it
     */
    public List<Host> resolve(String project, List<String> targets) {
        var spec = TargetSpec.parse(targets);
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            var hosts = InventorySql.hosts(c, project).stream()
                    .collect(Collectors.toMap(HostRecord::name, h -> h, (a, b) -> a, LinkedHashMap::new));
            var out = new LinkedHashMap<String, Host>();
            for (var item : spec.items()) {
                switch (item) {
                    case TargetSpec.Local l -> out.putIfAbsent(Host.LOCAL, Host.local());
                    case TargetSpec.HostItem h -> {
                        var r = hosts.get(h.name());
                        if (r == null) throw new IllegalArgumentException("unknown host '" + h.name() + "' in project '" + project + "'");
                        out.putIfAbsent(r.name(), r.toHost());
                    }
                    case TargetSpec.GroupItem g -> {
                        var group = InventorySql.group(c, project, g.name()).orElseThrow(() -> new IllegalArgumentException(
                                "unknown host group '" + g.name() + "' in project '" + project + "'"));
                        for (var r : members(group, hosts)) out.putIfAbsent(r.name(), r.toHost());
                    }
                    case TargetSpec.SelectorItem s -> hosts.values().stream().filter(h -> s.selector().matches(h.labels()))
                            .forEach(r -> out.putIfAbsent(r.name(), r.toHost()));
                }
            }
            return List.copyOf(out.values());
        });
    }

    /**
     * Imports hosts (and, from Ansible files, static groups) all-or-nothing: existing hosts of the
     * same name are replaced, others are left alone.
     *
     * @param format null to sniff it from the content ({@link InventoryFormat#sniff})
     * @throws dev.opsflow.engine.template.TemplateInvalidException with every problem and its line;
     *                                                              nothing is written then
     */
    public ImportSummary importInventory(String project, String content, InventoryFormat format) {
        if (content == null || content.isBlank()) throw new IllegalArgumentException("the inventory file is empty");
        var f = format == null ? InventoryFormat.sniff(content) : format;
        var parsed = switch (f) {
            case INI -> AnsibleIniParser.parse(content);
            case YAML -> AnsibleYamlParser.parse(content);
            case CSV -> CsvInventory.parse(content);
        };
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            return new InventoryImport(c, project, clock.instant()).apply(f, parsed);
        });
    }

    /** @return the inventory as CSV (hosts only) or Ansible INI (hosts and static groups) */
    public String export(String project, InventoryFormat format) {
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            var hosts = InventorySql.hosts(c, project);
            return switch (format) {
                case CSV -> CsvInventory.write(hosts);
                case INI -> AnsibleIniWriter.write(project, hosts, InventorySql.groups(c, project));
                case YAML -> throw new IllegalArgumentException("format: export supports csv and ini");
            };
        });
    }

    static List<HostRecord> members(HostGroup group, Map<String, HostRecord> hosts) {
        if (group.kind() == GroupKind.STATIC) {
            return group.members().stream().map(hosts::get).filter(java.util.Objects::nonNull).toList();
        }
        var selector = LabelSelector.parse(group.selector());
        return hosts.values().stream().filter(h -> selector.matches(h.labels())).toList();
    }

    private static void requireMembers(Connection c, String project, GroupSpec spec) throws SQLException {
        if (spec.kind() != GroupKind.STATIC || spec.members().isEmpty()) return;
        var known = InventorySql.hosts(c, project).stream().map(HostRecord::name).collect(Collectors.toSet());
        var p = new Problems();
        var members = new ArrayList<>(spec.members());
        for (int i = 0; i < members.size(); i++) {
            if (!known.contains(members.get(i))) {
                p.add("members[" + i + "]", "unknown-host", "host '" + members.get(i) + "' does not exist in project '" + project + "'");
            }
        }
        p.throwIfAny();
    }

    private static NoSuchElementException noHost(String project, String name) {
        return new NoSuchElementException("host '" + name + "' does not exist in project '" + project + "'");
    }

    private static NoSuchElementException noGroup(String project, String name) {
        return new NoSuchElementException("host group '" + name + "' does not exist in project '" + project + "'");
    }
}
