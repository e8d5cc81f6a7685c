package dev.opsflow.jobs.inventory;

import dev.opsflow.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of the host and host-group tables; every method runs on the caller's transaction. */
final class InventorySql {
    private static final String HOST_COLUMNS = "name, address, port, os, labels, created_at, updated_at";
    private static final String GROUP_COLUMNS = "name, kind, members, selector, created_at, updated_at";

    private InventorySql() {
    }

    static List<HostRecord> hosts(Connection c, String project) throws SQLException {
        return Sql.list(c, "SELECT " + HOST_COLUMNS + " FROM inv_host WHERE project = ? ORDER BY name", InventorySql::host, project);
    }

    static Optional<HostRecord> host(Connection c, String project, String name) throws SQLException {
        return Sql.one(c, "SELECT " + HOST_COLUMNS + " FROM inv_host WHERE project = ? AND name = ?", InventorySql::host, project, name);
    }

    static void insertHost(Connection c, String project, HostSpec h, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO inv_host (project, " + HOST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                project, h.name(), h.address(), h.port(), h.os(), Sql.labelsJson(h.labels()), now, now);
    }

    static int updateHost(Connection c, String project, HostSpec h, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE inv_host SET address = ?, port = ?, os = ?, labels = ?, updated_at = ? WHERE project = ? AND name = ?",
                h.address(), h.port(), h.os(), Sql.labelsJson(h.labels()), now, project, h.name());
    }

    static List<HostGroup> groups(Connection c, String project) throws SQLException {
        return Sql.list(c, "SELECT " + GROUP_COLUMNS + " FROM inv_host_group WHERE project = ? ORDER BY name", InventorySql::group, project);
    }

    static Optional<HostGroup> group(Connection c, String project, String name) throws SQLException {
        return Sql.one(c, "SELECT " + GROUP_COLUMNS + " FROM inv_host_group WHERE project = ? AND name = ?", InventorySql::group, project, name);
    }

    static void insertGroup(Connection c, String project, GroupSpec g, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO inv_host_group (project, " + GROUP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                project, g.name(), g.kind().name(), g.kind() == GroupKind.STATIC ? Sql.listJson(g.members()) : null,
                canonical(g), now, now);
    }

    static int updateGroup(Connection c, String project, GroupSpec g, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE inv_host_group SET kind = ?, members = ?, selector = ?, updated_at = ? WHERE project = ? AND name = ?",
                g.kind().name(), g.kind() == GroupKind.STATIC ? Sql.listJson(g.members()) : null, canonical(g), now, project, g.name());
    }

    private static String canonical(GroupSpec g) {
        return g.kind() == GroupKind.DYNAMIC ? LabelSelector.parse(g.selector()).toString() : null;
    }

    private static HostRecord host(ResultSet rs) throws SQLException {
        return new HostRecord(rs.getString("name"), rs.getString("address"), rs.getInt("port"), rs.getString("os"),
                Sql.labels(rs.getString("labels")), Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"));
    }

    private static HostGroup group(ResultSet rs) throws SQLException {
        return new HostGroup(rs.getString("name"), GroupKind.valueOf(rs.getString("kind")), Sql.list(rs.getString("members")),
                rs.getString("selector"), Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"));
    }
}
