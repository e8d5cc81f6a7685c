package dev.opsflow.jobs.inventory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;

/** Applies a parsed inventory inside the caller's transaction and counts what changed. */
final class InventoryImport {
    private final Connection c;
    private final String project;
    private final Instant now;

    InventoryImport(Connection c, String project, Instant now) {
        this.c = c;
        this.project = project;
        this.now = now;
    }

    ImportSummary apply(InventoryFormat format, ParsedInventory parsed) throws SQLException {
        var existing = new HashMap<String, HostRecord>();
        for (var h : InventorySql.hosts(c, project)) existing.put(h.name(), h);
        var created = new ArrayList<String>();
        var updated = new ArrayList<String>();
        var unchanged = new ArrayList<String>();
        for (var at : parsed.hosts()) {
            var spec = at.value();
            var old = existing.get(spec.name());
            if (old == null) {
                InventorySql.insertHost(c, project, spec, now);
                created.add(spec.name());
            } else if (old.spec().equals(spec)) {
                unchanged.add(spec.name());
            } else {
                InventorySql.updateHost(c, project, spec, now);
                updated.add(spec.name());
            }
        }
        var gCreated = new ArrayList<String>();
        var gUpdated = new ArrayList<String>();
        var gUnchanged = new ArrayList<String>();
        var problems = new Problems();
        for (var at : parsed.groups()) {
            var spec = at.value();
            var old = InventorySql.group(c, project, spec.name());
            if (old.isEmpty()) {
                InventorySql.insertGroup(c, project, spec, now);
                gCreated.add(spec.name());
            } else if (old.get().kind() == GroupKind.DYNAMIC) {
                problems.add("groups." + spec.name(), at.line(), "conflict", "group '" + spec.name()
                        + "' already exists as a dynamic group; rename it in the file or delete the dynamic group first");
            } else if (old.get().members().equals(spec.members())) {
                gUnchanged.add(spec.name());
            } else {
                InventorySql.updateGroup(c, project, spec, now);
                gUpdated.add(spec.name());
            }
        }
        problems.throwIfAny();
        return new ImportSummary(format, created, updated, unchanged, gCreated, gUpdated, gUnchanged);
    }
}
