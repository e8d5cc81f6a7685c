package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.Command;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The task inbox: operator commands wait here until the task's owner answers them, inside the
 * decision's transaction ({@code WriteSet.commandResults}) or directly ({@link #answer}). The first
 * answer wins; {@code answered_at} is the database clock at answer time.
 */
final class InboxSql {
    private final Jdbc jdbc;

    InboxSql(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    long enqueue(String taskId, String actor, Map<String, Object> payload, Instant now) {
        return jdbc.tx("enqueue command for " + taskId, c -> {
            try (var ps = c.prepareStatement("INSERT INTO task_command (task_id, actor, payload, created_at) "
                    + "VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, taskId);
                ps.setString(2, actor);
                ps.setString(3, Json.write(payload));
                Jdbc.setInstant(ps, 4, now);
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1); // id is the first column on both databases
                }
            }
        });
    }

    List<Command> pending(String owner, int limit) {
        // answered_at is set together with result; testing it uses the (task_id, answered_at) index.
        return jdbc.query("SELECT c.id, c.task_id, c.actor, c.payload, c.created_at FROM task_command c "
                + "JOIN task t ON t.id = c.task_id WHERE t.owner = ? AND c.answered_at IS NULL "
                + "ORDER BY c.id LIMIT ?", ps -> {
            ps.setString(1, owner);
            ps.setInt(2, limit);
        }, rs -> new Command(rs.getLong("id"), rs.getString("task_id"), rs.getString("actor"),
                Json.map(rs.getString("payload")), Jdbc.getInstant(rs, "created_at")));
    }

    Optional<String> result(long commandId) {
        return jdbc.queryOne("SELECT result FROM task_command WHERE id = ?", ps -> ps.setLong(1, commandId),
                rs -> Optional.ofNullable(rs.getString(1))).flatMap(r -> r);
    }

    void answer(long commandId, String result) {
        jdbc.update("UPDATE task_command SET result = ?, answered_at = CURRENT_TIMESTAMP "
                + "WHERE id = ? AND answered_at IS NULL", ps -> {
            ps.setString(1, result);
            ps.setLong(2, commandId);
        });
    }
}
