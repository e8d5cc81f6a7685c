package dev.opsflow.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Task ownership. An owner holds a task until {@code lease_until}; it renews the leases of the tasks it
 * holds, row by row in id order (the writer threads do it between group commits, so renewal never locks
 * rows in another order than a commit), and releases them on clean shutdown. Every claim is a compare-and-set
 * UPDATE whose WHERE clause re-checks that the task is still claimable, so two claimers never both win
 * a task, on either database; PostgreSQL additionally skips rows another claimer has locked so
 * concurrent claimers spread over different tasks instead of queueing.
 */
final class LeaseSql {
    /** A task that needs an owner (see {@code TaskRepository#claimOrphans}); binds now, now. */
    private static final String ORPHAN = "((state = 'RUNNING' AND (owner IS NULL OR lease_until < ?)) "
            + "OR (state IN ('PAUSED', 'FAILED') AND owner IS NOT NULL AND lease_until < ?))";

    private final Jdbc jdbc;
    private final Dialect dialect;

    LeaseSql(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * Taking a task from another owner (whose lease expired) bumps its {@code task_progress} version in
     * the claim's transaction, before the owner changes: the version is then the fencing token the old
     * owner's next write fails on. Without it, a write whose fence (on {@code task_progress}) ran just
     * before the claim committed would still commit after it. The progress row is locked first, in the
     * same order as a group commit's fence, so a claim and a commit of one task run one after the other.
     * Renewals by the current owner and claims of unowned tasks change no version.
     */
    private static final String BUMP_TAKEN_OVER = "UPDATE task_progress SET version = version + 1 WHERE task_id = ? "
            + "AND EXISTS (SELECT 1 FROM task WHERE id = ? AND owner IS NOT NULL AND owner <> ? AND lease_until < ?)";

    boolean claim(String taskId, String owner, Instant leaseUntil, Instant now) {
        return jdbc.tx("claim " + taskId, c -> {
            bumpTakenOver(c, List.of(taskId), owner, now);
            // the current owner may claim again (an idempotent renewal of one lease)
            return Jdbc.update(c, "UPDATE task SET owner = ?, lease_until = ? WHERE id = ? "
                    + "AND (owner IS NULL OR lease_until < ? OR owner = ?)", ps -> {
                ps.setString(1, owner);
                Jdbc.setInstant(ps, 2, leaseUntil);
                ps.setString(3, taskId);
                Jdbc.setInstant(ps, 4, now);
                ps.setString(5, owner);
            }) == 1;
        });
    }

    private static void bumpTakenOver(Connection c, List<String> ids, String claimer, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BUMP_TAKEN_OVER)) {
            for (var id : ids) {
                ps.setString(1, id);
                ps.setString(2, id);
                ps.setString(3, claimer);
                Jdbc.setInstant(ps, 4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    List<String> claimOrphans(String owner, Instant leaseUntil, Instant now, int limit) {
        if (limit <= 0) return List.of();
        return jdbc.tx("claim orphans for " + owner, c -> {
            var candidates = Jdbc.list(c, "SELECT id FROM task WHERE " + ORPHAN + " ORDER BY updated_at, id LIMIT ?"
                    + dialect.claimLockSuffix(), ps -> {
                Jdbc.setInstant(ps, 1, now);
                Jdbc.setInstant(ps, 2, now);
                ps.setInt(3, limit);
            }, rs -> rs.getString(1));
            return casClaim(c, candidates, owner, leaseUntil, now);
        });
    }

    private static List<String> casClaim(Connection c, List<String> ids, String owner, Instant leaseUntil,
                                         Instant now) throws SQLException {
        if (ids.isEmpty()) return List.of();
        bumpTakenOver(c, ids, owner, now);
        try (PreparedStatement ps = c.prepareStatement("UPDATE task SET owner = ?, lease_until = ? WHERE id = ? AND "
                + ORPHAN)) {
            for (var id : ids) {
                ps.setString(1, owner);
                Jdbc.setInstant(ps, 2, leaseUntil);
                ps.setString(3, id);
                Jdbc.setInstant(ps, 4, now);
                Jdbc.setInstant(ps, 5, now);
                ps.addBatch();
            }
            var counts = ps.executeBatch();
            var won = new ArrayList<String>();
            for (int i = 0; i < counts.length; i++) if (counts[i] > 0) won.add(ids.get(i));
            return won;
        }
    }

    /** Renews the given tasks' leases in id order, in batches of single-row updates (one transaction). */
    int renew(String owner, java.util.Collection<String> taskIds, Instant leaseUntil) {
        if (taskIds.isEmpty()) return 0;
        var sorted = new java.util.ArrayList<>(taskIds);
        java.util.Collections.sort(sorted);
        return jdbc.tx("renew " + sorted.size() + " leases of " + owner, c -> {
            try (var ps = c.prepareStatement("UPDATE task SET lease_until = ? WHERE id = ? AND owner = ?")) {
                for (var id : sorted) {
                    Jdbc.setInstant(ps, 1, leaseUntil);
                    ps.setString(2, id);
                    ps.setString(3, owner);
                    ps.addBatch();
                }
                int n = 0;
                for (int count : ps.executeBatch()) n += Math.max(count, 0);
                return n;
            }
        });
    }

    void releaseAll(String owner) {
        jdbc.update("UPDATE task SET owner = NULL, lease_until = NULL WHERE owner = ?", ps -> ps.setString(1, owner));
    }
}
