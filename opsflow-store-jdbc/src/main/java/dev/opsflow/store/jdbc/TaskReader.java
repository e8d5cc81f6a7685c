package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.NodeRow;
import dev.opsflow.engine.store.TaskRow;
import dev.opsflow.engine.task.NodeRun;
import dev.opsflow.engine.task.NodeState;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskRun;
import dev.opsflow.engine.task.TaskState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of tasks, node runs, attempts and events. {@link TaskRow}s carry masked secrets;
 * {@link #loadRun} is the only read that returns them in clear, for the task's owner.
 */
final class TaskReader {
    private static final String TASK_COLUMNS = "id, project, name, template, template_version, state, variables, "
            + "secret_names, deselected, outputs, converges, created_by, created_at, started_at, finished_at, "
            + "parent_task_id, parent_node_id, parent_attempt, owner, lease_until, version";
    /** The task row with its progress row (version, converges); column names are unique across the two. */
    private static final String TASK_FROM = " FROM task JOIN task_progress ON task_progress.task_id = task.id";
    static final String NODE_COLUMNS = "task_id, node_id, state, pass, attempt, started_at, finished_at, due_at, "
            + "inputs, outputs, error, waiting_for, plugin_state, input_overrides, breakpoint_resumed, continued";
    private static final String ATTEMPT_COLUMNS = "task_id, node_id, state, pass, attempt, started_at, finished_at, "
            + "inputs, outputs, error";
    private static final String EVENT_COLUMNS = "task_id, seq, node_id, type, actor, at, reason, data";

    private final Jdbc jdbc;
    private final Secrets secrets;

    TaskReader(Jdbc jdbc, Secrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    Optional<TaskRow> findTask(String id) {
        return jdbc.queryOne("SELECT " + TASK_COLUMNS + TASK_FROM + " WHERE id = ?", ps -> ps.setString(1, id),
                TaskReader::taskRow);
    }

    List<TaskRow> listTasks(String project, TaskState state, int limit, int offset) {
        var sql = "SELECT " + TASK_COLUMNS + TASK_FROM + " WHERE project = ?" + (state == null ? "" : " AND state = ?")
                + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
        return jdbc.query(sql, ps -> {
            int i = 1;
            ps.setString(i++, project);
            if (state != null) ps.setString(i++, state.name());
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
        }, TaskReader::taskRow);
    }

    Optional<TaskRow> findChild(String parentTaskId, String parentNodeId, int parentAttempt) {
        return jdbc.queryOne("SELECT " + TASK_COLUMNS + TASK_FROM + " WHERE parent_task_id = ? AND parent_node_id = ? "
                + "AND parent_attempt = ? ORDER BY created_at, id LIMIT 1", ps -> {
            ps.setString(1, parentTaskId);
            ps.setString(2, parentNodeId);
            ps.setInt(3, parentAttempt);
        }, TaskReader::taskRow);
    }

    /** One transaction, so the task row, node runs and last seq are one consistent snapshot per table read. */
    Optional<TaskRun> loadRun(String id) {
        return jdbc.tx("load task " + id, c -> {
            var runs = Jdbc.list(c, "SELECT " + TASK_COLUMNS + TASK_FROM + " WHERE id = ?", ps -> ps.setString(1, id),
                    this::taskRun);
            if (runs.isEmpty()) return Optional.empty();
            var run = runs.getFirst();
            for (var n : Jdbc.list(c, "SELECT " + NODE_COLUMNS + " FROM node_run WHERE task_id = ? ORDER BY node_id",
                    ps -> ps.setString(1, id), TaskReader::nodeRun)) {
                run.nodes.put(n.nodeId, n);
            }
            run.lastSeq = lastSeq(c, id);
            return Optional.of(run);
        });
    }

    List<NodeRow> nodes(String taskId) {
        return jdbc.query("SELECT " + NODE_COLUMNS + " FROM node_run WHERE task_id = ? ORDER BY node_id",
                ps -> ps.setString(1, taskId), rs -> {
                    var n = nodeRun(rs);
                    return new NodeRow(taskId, n.nodeId, n.state.name(), n.pass, n.attempt, n.startedAt,
                            n.finishedAt, n.dueAt, n.inputs, n.outputs, n.error, n.waitingFor, n.pluginState);
                });
    }

    List<NodeRow> attempts(String taskId) {
        // a FINISHED attempt stays in node_run until a later pass replaces it (TaskWriter.writeNodes)
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS + " FROM node_attempt WHERE task_id = ? UNION ALL SELECT "
                + ATTEMPT_COLUMNS + " FROM node_run r WHERE task_id = ? AND state = 'FINISHED' AND attempt >= 1 "
                + "AND NOT EXISTS (SELECT 1 FROM node_attempt a WHERE a.task_id = r.task_id AND a.node_id = r.node_id "
                + "AND a.pass = r.pass AND a.attempt = r.attempt) ORDER BY node_id, pass, attempt", ps -> {
                    ps.setString(1, taskId);
                    ps.setString(2, taskId);
                }, rs -> new NodeRow(taskId,
                rs.getString("node_id"), rs.getString("state"), rs.getInt("pass"), rs.getInt("attempt"),
                Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "finished_at"), null,
                Json.map(rs.getString("inputs")), Json.map(rs.getString("outputs")), rs.getString("error"), null,
                Map.of()));
    }

    List<TaskEvent> events(String taskId, long afterSeq, int limit) {
        return jdbc.query("SELECT " + EVENT_COLUMNS + " FROM task_event WHERE task_id = ? AND seq > ? "
                + "ORDER BY seq LIMIT ?", ps -> {
            ps.setString(1, taskId);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
        }, rs -> new TaskEvent(rs.getLong("seq"), rs.getString("task_id"), rs.getString("node_id"),
                rs.getString("type"), rs.getString("actor"), Jdbc.getInstant(rs, "at"), rs.getString("reason"),
                Json.map(rs.getString("data"))));
    }

    private static long lastSeq(Connection c, String id) throws SQLException {
        return Jdbc.list(c, "SELECT COALESCE(MAX(seq), 0) FROM task_event WHERE task_id = ?",
                ps -> ps.setString(1, id), rs -> rs.getLong(1)).getFirst();
    }

    private static TaskRow taskRow(ResultSet rs) throws SQLException {
        var secretNames = Json.set(rs.getString("secret_names"));
        return new TaskRow(rs.getString("id"), rs.getString("project"), rs.getString("name"),
                rs.getString("template"), rs.getInt("template_version"), TaskState.valueOf(rs.getString("state")),
                Secrets.mask(Json.map(rs.getString("variables")), secretNames), secretNames,
                Json.set(rs.getString("deselected")), Json.map(rs.getString("outputs")), rs.getString("created_by"),
                Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "started_at"),
                Jdbc.getInstant(rs, "finished_at"), rs.getString("parent_task_id"), rs.getString("parent_node_id"),
                rs.getInt("parent_attempt"), rs.getString("owner"), Jdbc.getInstant(rs, "lease_until"),
                rs.getLong("version"));
    }

    private TaskRun taskRun(ResultSet rs) throws SQLException {
        var secretNames = Json.set(rs.getString("secret_names"));
        var run = new TaskRun(rs.getString("id"), rs.getString("project"), rs.getString("name"),
                rs.getString("template"), rs.getInt("template_version"), rs.getString("created_by"),
                Jdbc.getInstant(rs, "created_at"), rs.getString("parent_task_id"), rs.getString("parent_node_id"),
                rs.getInt("parent_attempt"), secrets.decrypt(Json.map(rs.getString("variables")), secretNames),
                secretNames, Json.set(rs.getString("deselected")), TaskState.valueOf(rs.getString("state")));
        run.startedAt = Jdbc.getInstant(rs, "started_at");
        run.finishedAt = Jdbc.getInstant(rs, "finished_at");
        run.outputs = Json.map(rs.getString("outputs"));
        run.converges.putAll(Json.counters(rs.getString("converges")));
        run.version = rs.getLong("version");
        return run;
    }

    static NodeRun nodeRun(ResultSet rs) throws SQLException {
        var n = new NodeRun(rs.getString("node_id"));
        n.state = NodeState.valueOf(rs.getString("state"));
        n.pass = rs.getInt("pass");
        n.attempt = rs.getInt("attempt");
        n.startedAt = Jdbc.getInstant(rs, "started_at");
        n.finishedAt = Jdbc.getInstant(rs, "finished_at");
        n.dueAt = Jdbc.getInstant(rs, "due_at");
        n.inputs = Json.map(rs.getString("inputs"));
        n.outputs = Json.map(rs.getString("outputs"));
        n.error = rs.getString("error");
        n.waitingFor = rs.getString("waiting_for");
        n.pluginState = Json.map(rs.getString("plugin_state"));
        n.inputOverrides = Json.mapOrNull(rs.getString("input_overrides"));
        n.breakpointResumed = rs.getBoolean("breakpoint_resumed");
        n.continued = rs.getBoolean("continued");
        return n;
    }
}
