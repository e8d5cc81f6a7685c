package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.LogLine;
import java.util.List;

/** Node attempt logs: batched appends and paged reads by (task, node, attempt, seq). */
final class LogSql {
    private final Jdbc jdbc;

    LogSql(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void append(List<LogLine> lines) {
        if (lines.isEmpty()) return;
        jdbc.tx("append " + lines.size() + " log lines", c -> {
            try (var ps = c.prepareStatement("INSERT INTO node_log (task_id, node_id, attempt, seq, stream, text, at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (var l : lines) {
                    ps.setString(1, l.taskId());
                    ps.setString(2, l.nodeId());
                    ps.setInt(3, l.attempt());
                    ps.setLong(4, l.seq());
                    ps.setString(5, l.stream());
                    ps.setString(6, l.text());
                    Jdbc.setInstant(ps, 7, l.at());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    List<LogLine> logs(String taskId, String nodeId, int attempt, long afterSeq, int limit) {
        return jdbc.tx("read logs of " + taskId + "/" + nodeId, c -> {
            int a = attempt;
            if (a == 0) {
                a = Jdbc.list(c, "SELECT COALESCE(MAX(attempt), 0) FROM node_log WHERE task_id = ? AND node_id = ?",
                        ps -> {
                            ps.setString(1, taskId);
                            ps.setString(2, nodeId);
                        }, rs -> rs.getInt(1)).getFirst();
                if (a == 0) return List.of();
            }
            int chosen = a;
            return Jdbc.list(c, "SELECT seq, stream, text, at FROM node_log WHERE task_id = ? AND node_id = ? "
                    + "AND attempt = ? AND seq > ? ORDER BY seq LIMIT ?", ps -> {
                ps.setString(1, taskId);
                ps.setString(2, nodeId);
                ps.setInt(3, chosen);
                ps.setLong(4, afterSeq);
                ps.setInt(5, limit);
            }, rs -> new LogLine(taskId, nodeId, chosen, rs.getLong("seq"), rs.getString("stream"),
                    rs.getString("text"), Jdbc.getInstant(rs, "at")));
        });
    }
}
