package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.LogLine;
import java.util.List;

/** Node attempt logs: batched appends and paged reads by (task, node, pass, attempt, seq). */
final class LogSql {
    private final Jdbc jdbc;

    LogSql(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void append(List<LogLine> lines) {
        if (lines.isEmpty()) return;
        jdbc.tx("append " + lines.size() + " log lines", c -> {
            try (var ps = c.prepareStatement("INSERT INTO node_log (task_id, node_id, pass, attempt, seq, stream, "
                    + "text, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (var l : lines) {
                    ps.setString(1, l.taskId());
                    ps.setString(2, l.nodeId());
                    ps.setInt(3, l.pass());
                    ps.setInt(4, l.attempt());
                    ps.setLong(5, l.seq());
                    ps.setString(6, l.stream());
                    ps.setString(7, l.text());
                    Jdbc.setInstant(ps, 8, l.at());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    List<LogLine> logs(String taskId, String nodeId, int pass, int attempt, long afterSeq, int limit) {
        return jdbc.tx("read logs of " + taskId + "/" + nodeId, c -> {
            int p = pass;
            if (p == 0) {
                p = Jdbc.list(c, "SELECT COALESCE(MAX(pass), 0) FROM node_log WHERE task_id = ? AND node_id = ?",
                        ps -> {
                            ps.setString(1, taskId);
                            ps.setString(2, nodeId);
                        }, rs -> rs.getInt(1)).getFirst();
                if (p == 0) return List.of();
            }
            int chosenPass = p;
            int a = attempt;
            if (a == 0) {
                a = Jdbc.list(c, "SELECT COALESCE(MAX(attempt), 0) FROM node_log WHERE task_id = ? AND node_id = ? "
                        + "AND pass = ?", ps -> {
                            ps.setString(1, taskId);
                            ps.setString(2, nodeId);
                            ps.setInt(3, chosenPass);
                        }, rs -> rs.getInt(1)).getFirst();
                if (a == 0) return List.of();
            }
            int chosen = a;
            return Jdbc.list(c, "SELECT seq, stream, text, at FROM node_log WHERE task_id = ? AND node_id = ? "
                    + "AND pass = ? AND attempt = ? AND seq > ? ORDER BY seq LIMIT ?", ps -> {
                ps.setString(1, taskId);
                ps.setString(2, nodeId);
                ps.setInt(3, chosenPass);
                ps.setInt(4, chosen);
                ps.setLong(5, afterSeq);
                ps.setInt(6, limit);
            }, rs -> new LogLine(taskId, nodeId, chosenPass, chosen, rs.getLong("seq"), rs.getString("stream"),
                    rs.getString("text"), Jdbc.getInstant(rs, "at")));
        });
    }
}
