package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.LogLine;
import java.util.List;

/** Node attempt logs: batched appends and paged reads by their key (task, node, pass, attempt, seq). */
final class LogSql {
    private final Jdbc jdbc;

    LogSql(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LogSql.class);
    private static final String INSERT = "INSERT INTO node_log (task_id, node_id, pass, attempt, seq, stream, text, at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** The same row, only where its key is free: the same statement text works on H2 and PostgreSQL. */
    private static final String INSERT_IF_FREE = "INSERT INTO node_log (task_id, node_id, pass, attempt, seq, stream, text, at) "
            + "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM node_log WHERE task_id = ? AND node_id = ? "
            + "AND pass = ? AND attempt = ? AND seq = ?)";

    /**
     * Appends {@code lines} in one batch. A batch one of whose keys is taken (SQLState 23505) — an
     * engine whose lease ran out still writing the lines of an attempt that another engine has taken over
     * and numbers on from the stored lines — is written again skipping only the taken keys, so one
     * collision does not lose the whole batch, which holds lines of many tasks.
     *
     * @throws JdbcStoreException when the batch cannot be stored for another reason (nothing is stored)
     */
    void append(List<LogLine> lines) {
        if (lines.isEmpty()) return;
        try {
            jdbc.tx("append " + lines.size() + " log lines", c -> batch(c, false, lines));
        } catch (JdbcStoreException e) {
            // 23505 (unique violation) on H2 and PostgreSQL alike; other integrity errors would fail again
            if (!"23505".equals(e.sqlState())) throw e;
            // not atomic against a concurrent insert of the same key: that one fails this second batch too
            int[] counts = jdbc.tx("append " + lines.size() + " log lines, skipping taken keys", c -> batch(c, true, lines));
            int skipped = 0;
            for (int n : counts) if (n == 0) skipped++;
            if (skipped > 0) {
                log.warn("{} of {} log lines were not stored: their (task, node, pass, attempt, seq) was taken",
                        skipped, lines.size());
            }
        }
    }

    /** @param guarded {@link #INSERT_IF_FREE} (the key bound twice) instead of {@link #INSERT} */
    private static int[] batch(java.sql.Connection c, boolean guarded, List<LogLine> lines) throws java.sql.SQLException {
        try (var ps = c.prepareStatement(guarded ? INSERT_IF_FREE : INSERT)) {
            for (var l : lines) {
                ps.setString(1, l.taskId());
                ps.setString(2, l.nodeId());
                ps.setInt(3, l.pass());
                ps.setInt(4, l.attempt());
                ps.setLong(5, l.seq());
                ps.setString(6, l.stream());
                ps.setString(7, l.text());
                Jdbc.setInstant(ps, 8, l.at());
                if (guarded) {
                    ps.setString(9, l.taskId());
                    ps.setString(10, l.nodeId());
                    ps.setInt(11, l.pass());
                    ps.setInt(12, l.attempt());
                    ps.setLong(13, l.seq());
                }
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /**
     * One page of a node's log for one pass and attempt; 0 for either means the latest (the highest pass,
     * then its highest attempt), found by one query. An explicit pass and attempt is a single read.
     */
    List<LogLine> logs(String taskId, String nodeId, int pass, int attempt, long afterSeq, int limit) {
        int p = pass, a = attempt;
        if (p == 0 || a == 0) {
            var latest = jdbc.query("SELECT pass, attempt FROM node_log WHERE task_id = ? AND node_id = ?"
                    + (p == 0 ? "" : " AND pass = ?") + " ORDER BY pass DESC, attempt DESC LIMIT 1", ps -> {
                ps.setString(1, taskId);
                ps.setString(2, nodeId);
                if (pass != 0) ps.setInt(3, pass);
            }, rs -> new int[]{rs.getInt(1), rs.getInt(2)});
            if (latest.isEmpty()) return List.of();
            p = latest.getFirst()[0];
            if (a == 0) a = latest.getFirst()[1];
        }
        int chosenPass = p, chosen = a;
        return jdbc.query("SELECT seq, stream, text, at FROM node_log WHERE task_id = ? AND node_id = ? "
                + "AND pass = ? AND attempt = ? AND seq > ? ORDER BY seq LIMIT ?", ps -> {
            ps.setString(1, taskId);
            ps.setString(2, nodeId);
            ps.setInt(3, chosenPass);
            ps.setInt(4, chosen);
            ps.setLong(5, afterSeq);
            ps.setInt(6, limit);
        }, rs -> new LogLine(taskId, nodeId, chosenPass, chosen, rs.getLong("seq"), rs.getString("stream"),
                rs.getString("text"), Jdbc.getInstant(rs, "at")));
    }

    /** @see dev.opsflow.engine.store.TaskRepository#lastLogSeq */
    long lastSeq(String taskId, String nodeId, int pass, int attempt) {
        return jdbc.query("SELECT COALESCE(MAX(seq), 0) FROM node_log WHERE task_id = ? AND node_id = ? AND pass = ? "
                + "AND attempt = ?", ps -> {
            ps.setString(1, taskId);
            ps.setString(2, nodeId);
            ps.setInt(3, pass);
            ps.setInt(4, attempt);
        }, rs -> rs.getLong(1)).getFirst();
    }

    /** @see dev.opsflow.engine.store.TaskRepository#logAttemptsAfter */
    List<int[]> attemptsAfter(String taskId, String nodeId, int afterPass, int afterAttempt) {
        return jdbc.query("SELECT DISTINCT pass, attempt FROM node_log WHERE task_id = ? AND node_id = ? "
                + "AND (pass > ? OR (pass = ? AND attempt > ?)) ORDER BY pass, attempt", ps -> {
            ps.setString(1, taskId);
            ps.setString(2, nodeId);
            ps.setInt(3, afterPass);
            ps.setInt(4, afterPass);
            ps.setInt(5, afterAttempt);
        }, rs -> new int[]{rs.getInt(1), rs.getInt(2)});
    }
}
