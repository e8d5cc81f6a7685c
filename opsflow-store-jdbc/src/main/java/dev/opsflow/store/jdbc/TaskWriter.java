package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.NewTask;
import dev.opsflow.engine.store.WriteSet;
import dev.opsflow.engine.task.NodeRun;
import dev.opsflow.engine.task.NodeState;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hot path: task inserts and fenced decision writes. {@link #write} runs every set in one
 * transaction on one connection, one JDBC batch per statement kind, in the sets' order (so two sets of
 * the same task, v to v+1 and v+1 to v+2, both apply in one call).
 */
final class TaskWriter {
    /**
     * The fence: bumps the narrow progress row when it still has the expected version and the task row
     * the expected owner. The version is the fencing token: every change of owner that can race with a
     * write bumps it too, under the same row lock (a claim taking the task over, see {@code LeaseSql});
     * a release is the owner's own fenced write. The owner check covers the rest (a shutdown's
     * {@code releaseAll}).
     */
    private static final String FENCE = "UPDATE task_progress SET version = ? WHERE task_id = ? AND version = ? "
            + "AND EXISTS (SELECT 1 FROM task WHERE id = ? AND owner = ?)";
    /** Only for sets that change the task row itself; null keeps a column. */
    private static final String UPDATE_TASK = "UPDATE task SET state = COALESCE(CAST(? AS VARCHAR(16)), state), "
            + "started_at = COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), started_at), "
            + "finished_at = COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), finished_at), "
            + "outputs = COALESCE(?, outputs), "
            + "owner = CASE WHEN CAST(? AS BOOLEAN) THEN NULL ELSE owner END, "
            + "lease_until = CASE WHEN CAST(? AS BOOLEAN) THEN NULL ELSE lease_until END, "
            + "updated_at = CURRENT_TIMESTAMP WHERE id = ?";
    /**
     * Every column of a new task: a created task binds null for outputs, owner, lease and times; a
     * created-and-started one the values its first set leaves it with.
     */
    private static final String INSERT_TASK = "INSERT INTO task (id, project, name, template, template_version, "
            + "state, variables, secret_names, deselected, outputs, created_by, created_at, updated_at, "
            + "parent_task_id, parent_node_id, parent_attempt, owner, lease_until, started_at, finished_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_PROGRESS = "INSERT INTO task_progress (task_id, version, converges) "
            + "VALUES (?, ?, NULL)";
    private static final String INSERT_EVENT = "INSERT INTO task_event (task_id, seq, node_id, type, actor, at, reason, "
            + "data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** Copies a stored FINISHED attempt into the history before a later pass of its node replaces it. */
    private static final String ARCHIVE_FINISHED = "INSERT INTO node_attempt (task_id, node_id, pass, attempt, state, "
            + "started_at, finished_at, inputs, outputs, error) SELECT task_id, node_id, pass, attempt, state, "
            + "started_at, finished_at, inputs, outputs, error FROM node_run r WHERE task_id = ? AND node_id = ? "
            + "AND pass < ? AND state = 'FINISHED' AND attempt >= 1 AND NOT EXISTS (SELECT 1 FROM node_attempt a "
            + "WHERE a.task_id = r.task_id AND a.node_id = r.node_id AND a.pass = r.pass AND a.attempt = r.attempt)";
    private static final String ANSWER = "UPDATE task_command SET result = ?, answered_at = CURRENT_TIMESTAMP "
            + "WHERE id = ? AND answered_at IS NULL";

    private final Jdbc jdbc;
    private final Secrets secrets;
    private final String upsertNode;
    private final String upsertAttempt;

    TaskWriter(Jdbc jdbc, Secrets secrets, Dialect dialect) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.upsertNode = dialect.upsert("node_run", new String[]{"task_id", "node_id"}, new String[]{"state", "pass",
                "attempt", "started_at", "finished_at", "due_at", "inputs", "outputs", "error", "waiting_for",
                "plugin_state", "input_overrides", "breakpoint_resumed", "continued"});
        this.upsertAttempt = dialect.upsert("node_attempt", new String[]{"task_id", "node_id", "pass", "attempt"},
                new String[]{"state", "started_at", "finished_at", "inputs", "outputs", "error"});
    }

    void insertTask(NewTask task, TaskEvent created) {
        jdbc.tx("insert task " + task.id(), c -> {
            insertTask(c, task, created);
            return null;
        });
    }

    boolean[] write(List<WriteSet> sets) {
        if (sets.isEmpty()) return new boolean[0];
        return jdbc.tx("write " + sets.size() + " sets", c -> {
            insertOwned(c, sets); // first: a later set of the same task in this batch is fenced on its row
            var applied = fence(c, sets);
            var ok = new ArrayList<WriteSet>();
            for (int i = 0; i < sets.size(); i++) if (applied[i]) ok.add(sets.get(i));
            applyChanges(c, ok); // inserted sets are always applied: their TASK_CREATED events go in here
            return applied;
        });
    }

    /**
     * Tasks created and started in the same commit: inserted already owned and in the state their first
     * set leaves them in, with the progress row at the set's resulting version (so no fence or task
     * update is needed for them).
     */
    private void insertOwned(Connection c, List<WriteSet> sets) throws SQLException {
        var inserts = sets.stream().filter(s -> s.insert() != null).toList();
        if (inserts.isEmpty()) return;
        batch(c, INSERT_TASK, inserts, (ps, s) -> bindTask(ps, s.insert(), s.state() != null ? s.state() : s.insert().state(),
                s.outputs(), s.release() ? null : s.owner(), s.release() ? null : s.leaseUntil(), s.startedAt(),
                s.finishedAt()));
        batch(c, INSERT_PROGRESS, inserts, (ps, s) -> {
            ps.setString(1, s.taskId());
            ps.setLong(2, s.expectedVersion() + 1);
        });
        // their TASK_CREATED events are inserted with the sets' other events (one batch, one round trip)
    }

    /** Fences every set that does not insert its task; then updates the task rows that change. */
    private boolean[] fence(Connection c, List<WriteSet> sets) throws SQLException {
        var applied = new boolean[sets.size()];
        var fenced = new ArrayList<Integer>();
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).insert() == null) fenced.add(i);
            else applied[i] = true;
        }
        var counts = batch(c, FENCE, fenced, (ps, i) -> {
            var s = sets.get(i);
            ps.setLong(1, s.expectedVersion() + 1);
            ps.setString(2, s.taskId());
            ps.setLong(3, s.expectedVersion());
            ps.setString(4, s.taskId());
            ps.setString(5, s.owner());
        });
        // 0 rows: another engine won the task or wrote first, a normal outcome (the set is skipped).
        var changed = new ArrayList<WriteSet>();
        for (int k = 0; k < counts.length; k++) {
            var s = sets.get(fenced.get(k));
            applied[fenced.get(k)] = counts[k] > 0;
            if (counts[k] > 0 && changesTaskRow(s)) changed.add(s);
        }
        batch(c, UPDATE_TASK, changed, (ps, s) -> {
            ps.setString(1, s.state() == null ? null : s.state().name());
            Jdbc.setInstant(ps, 2, s.startedAt());
            Jdbc.setInstant(ps, 3, s.finishedAt());
            ps.setString(4, Json.write(s.outputs()));
            ps.setBoolean(5, s.release());
            ps.setBoolean(6, s.release());
            ps.setString(7, s.taskId());
        });
        return applied;
    }

    private static boolean changesTaskRow(WriteSet s) {
        return s.state() != null || s.startedAt() != null || s.finishedAt() != null || s.outputs() != null
                || s.release();
    }

    private void applyChanges(Connection c, List<WriteSet> sets) throws SQLException {
        var nodes = new ArrayList<NodeOf>();
        var events = new ArrayList<TaskEvent>();
        var answers = new LinkedHashMap<Long, String>();
        for (var s : sets) {
            for (var n : s.nodes()) nodes.add(new NodeOf(s.taskId(), n));
            if (s.insert() != null) events.add(s.created());
            events.addAll(s.events());
            answers.putAll(s.commandResults());
        }
        mergeConverges(c, sets);
        writeNodes(c, nodes);
        batch(c, INSERT_EVENT, events, TaskWriter::bindEvent);
        batch(c, ANSWER, List.copyOf(answers.entrySet()), (ps, a) -> {
            ps.setString(1, a.getValue());
            ps.setLong(2, a.getKey());
        });
    }

    /**
     * Node runs and attempt history. Only the last state of each node in this commit is upserted (a
     * PostgreSQL multi-row upsert may not touch a row twice, and earlier states are superseded). An
     * attempt that ends FAILED or REVOKED, or fails with a retry scheduled, gets its history row at
     * once; a FINISHED attempt does not: its node_run row holds it (and {@code attempts()} reads it from
     * there) until a later loop pass replaces that row, and only then is it archived — from an earlier
     * entry of this commit, or by copying the stored row. That saves one row per successful step.
     */
    private void writeNodes(Connection c, List<NodeOf> nodes) throws SQLException {
        var last = new LinkedHashMap<List<String>, NodeOf>();
        var history = new LinkedHashMap<List<Object>, NodeOf>();
        var archiveStored = new ArrayList<NodeOf>();
        for (var n : nodes) {
            var key = List.of(n.taskId, n.run.nodeId);
            var previous = last.get(key);
            if (previous == null) {
                if (mayOpenPass(n.run)) archiveStored.add(n);
            } else if (previous.run.state == NodeState.FINISHED && previous.run.attempt >= 1
                    && n.run.pass > previous.run.pass) {
                history.put(attemptKey(previous), previous);
            }
            if (attemptEnded(n.run)) history.put(attemptKey(n), n);
            last.put(key, n);
        }
        batch(c, ARCHIVE_FINISHED, archiveStored, (ps, n) -> {
            ps.setString(1, n.taskId);
            ps.setString(2, n.run.nodeId);
            ps.setInt(3, n.run.pass);
        });
        var json = new JsonOnce();
        batch(c, upsertNode, List.copyOf(last.values()), (ps, n) -> bindNode(ps, n, json));
        batch(c, upsertAttempt, List.copyOf(history.values()), (ps, n) -> bindAttempt(ps, n, json));
    }

    /**
     * Whether a node's first entry in a commit may be the first write of a later pass, so that its stored
     * row may still hold a FINISHED attempt of an earlier pass to archive. A pass opens at attempt 0 or 1
     * and never WAITING (an attempt waits only after the commit that started it). Any other entry follows
     * an earlier write of the same pass, which archived already; skipping it spares a looped node's polls and
     * later attempts the archive statement.
     */
    private static boolean mayOpenPass(NodeRun r) {
        return r.pass >= 2 && r.attempt <= 1 && r.state != NodeState.WAITING;
    }

    private static List<Object> attemptKey(NodeOf n) {
        return List.of(n.taskId, n.run.nodeId, n.run.pass, n.run.attempt);
    }

    /**
     * Converge counters are merged into the stored map, not replaced: a set may carry only the counters
     * its decision changed, and a counter is never removed. Rare (gateways only), so read-modify-write on
     * the row the fence already locked is cheap.
     */
    private static void mergeConverges(Connection c, List<WriteSet> sets) throws SQLException {
        var merged = new LinkedHashMap<String, Map<String, int[]>>();
        for (var s : sets) {
            if (s.converges() == null || s.converges().isEmpty()) continue;
            var current = merged.get(s.taskId());
            if (current == null) {
                current = new HashMap<>(Jdbc.list(c, "SELECT converges FROM task_progress WHERE task_id = ?",
                        ps -> ps.setString(1, s.taskId()), rs -> Json.counters(rs.getString(1))).getFirst());
                merged.put(s.taskId(), current);
            }
            current.putAll(s.converges());
        }
        batch(c, "UPDATE task_progress SET converges = ? WHERE task_id = ?", List.copyOf(merged.entrySet()), (ps, e) -> {
            ps.setString(1, Json.write(e.getValue()));
            ps.setString(2, e.getKey());
        });
    }

    /** Inserts a created task (unowned, in its initial state) with its progress row and first event. */
    private void insertTask(Connection c, NewTask task, TaskEvent created) throws SQLException {
        batch(c, INSERT_TASK, List.of(task), (ps, t) -> bindTask(ps, t, t.state(), null, null, null, null, null));
        batch(c, INSERT_PROGRESS, List.of(task), (ps, t) -> {
            ps.setString(1, t.id());
            ps.setLong(2, 0);
        });
        batch(c, INSERT_EVENT, List.of(created), TaskWriter::bindEvent);
    }

    /** Binds every parameter of {@link #INSERT_TASK}; null outputs, owner, lease and times stay NULL. */
    private void bindTask(PreparedStatement ps, NewTask t, TaskState state, Map<String, Object> outputs,
                          String owner, Instant leaseUntil, Instant startedAt, Instant finishedAt) throws SQLException {
        ps.setString(1, t.id());
        ps.setString(2, t.project());
        ps.setString(3, t.name());
        ps.setString(4, t.template());
        ps.setInt(5, t.templateVersion());
        ps.setString(6, state.name());
        ps.setString(7, Json.write(secrets.encrypt(t.variables(), t.secretNames())));
        ps.setString(8, Json.write(t.secretNames()));
        ps.setString(9, Json.write(t.deselected()));
        ps.setString(10, Json.write(outputs));
        ps.setString(11, t.createdBy());
        Jdbc.setInstant(ps, 12, t.createdAt());
        Jdbc.setInstant(ps, 13, t.createdAt());
        ps.setString(14, t.parentTaskId());
        ps.setString(15, t.parentNodeId());
        ps.setInt(16, t.parentAttempt());
        ps.setString(17, owner);
        Jdbc.setInstant(ps, 18, leaseUntil);
        Jdbc.setInstant(ps, 19, startedAt);
        Jdbc.setInstant(ps, 20, finishedAt);
    }

    private record NodeOf(String taskId, NodeRun run) { }

    /**
     * JSON of the maps bound in one commit, by identity: an attempt that ends failed or revoked, or is
     * archived when a later pass replaces it, binds its inputs and outputs twice (node run and attempt
     * row), and empty maps are common (plugin state).
     */
    private static final class JsonOnce {
        private final IdentityHashMap<Object, String> written = new IdentityHashMap<>();

        String write(Object value) {
            if (value == null) return null;
            if (value instanceof Map<?, ?> m && m.isEmpty()) return "{}";
            return written.computeIfAbsent(value, Json::write);
        }
    }

    private static void bindNode(PreparedStatement ps, NodeOf n, JsonOnce json) throws SQLException {
        var r = n.run;
        ps.setString(1, n.taskId);
        ps.setString(2, r.nodeId);
        ps.setString(3, r.state.name());
        ps.setInt(4, r.pass);
        ps.setInt(5, r.attempt);
        Jdbc.setInstant(ps, 6, r.startedAt);
        Jdbc.setInstant(ps, 7, r.finishedAt);
        Jdbc.setInstant(ps, 8, r.dueAt);
        ps.setString(9, json.write(r.inputs));
        ps.setString(10, json.write(r.outputs));
        ps.setString(11, r.error);
        ps.setString(12, r.waitingFor);
        ps.setString(13, json.write(r.pluginState));
        ps.setString(14, json.write(r.inputOverrides));
        ps.setBoolean(15, r.breakpointResumed);
        ps.setBoolean(16, r.continued);
    }

    /**
     * Attempt history rows are written once, when an attempt ends unsuccessfully (failed, revoked, or
     * failed with a retry scheduled); the attempt in progress, and a finished one until a later pass
     * replaces it, is the node run itself (see {@link #writeNodes}).
     */
    static boolean attemptEnded(NodeRun r) {
        if (r.attempt < 1) return false;
        return switch (r.state) {
            case FAILED, REVOKED -> true;
            case READY -> r.error != null && r.dueAt != null;
            default -> false;
        };
    }

    private static void bindAttempt(PreparedStatement ps, NodeOf n, JsonOnce json) throws SQLException {
        var r = n.run;
        ps.setString(1, n.taskId);
        ps.setString(2, r.nodeId);
        ps.setInt(3, r.pass);
        ps.setInt(4, r.attempt);
        ps.setString(5, r.state == NodeState.READY ? "FAILED" : r.state.name());
        Jdbc.setInstant(ps, 6, r.startedAt);
        Jdbc.setInstant(ps, 7, r.finishedAt);
        ps.setString(8, json.write(r.inputs));
        ps.setString(9, json.write(r.outputs));
        ps.setString(10, r.error);
    }

    private static void bindEvent(PreparedStatement ps, TaskEvent e) throws SQLException {
        ps.setString(1, e.taskId());
        ps.setLong(2, e.seq());
        ps.setString(3, e.nodeId());
        ps.setString(4, e.type());
        ps.setString(5, e.actor());
        Jdbc.setInstant(ps, 6, e.at());
        ps.setString(7, e.reason());
        ps.setString(8, Json.write(e.data()));
    }

    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private static <T> int[] batch(Connection c, String sql, List<T> rows, RowBinder<T> binder) throws SQLException {
        if (rows.isEmpty()) return new int[0];
        try (var ps = c.prepareStatement(sql)) {
            for (var row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }
}
