package dev.opsflow.jobs.inventory;

import java.util.List;

/**
 * What an import changed; names in file order.
 *
 * @param created         hosts that did not exist
 * @param updated         hosts whose address, port, os or labels changed
 * @param unchanged       hosts stored exactly as in the file
 * @param groupsCreated   static groups that did not exist
 * @param groupsUpdated   static groups whose member list changed
 * @param groupsUnchanged static groups stored exactly as in the file
 */
public record ImportSummary(InventoryFormat format, List<String> created, List<String> updated, List<String> unchanged,
                            List<String> groupsCreated, List<String> groupsUpdated, List<String> groupsUnchanged) {
    public ImportSummary {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        unchanged = List.copyOf(unchanged);
        groupsCreated = List.copyOf(groupsCreated);
        groupsUpdated = List.copyOf(groupsUpdated);
        groupsUnchanged = List.copyOf(groupsUnchanged);
    }
}
