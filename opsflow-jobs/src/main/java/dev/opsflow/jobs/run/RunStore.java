package dev.opsflow.jobs.run;

import static dev.opsflow.jobs.library.JdbcSupport.args;

import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.exec.Host;
import dev.opsflow.exec.HostResult;
import dev.opsflow.exec.HostState;
import dev.opsflow.jobs.library.JdbcSupport;
import dev.opsflow.store.jdbc.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * JDBC persistence of runs, steps, hosts and log lines. Run state changes are compare-and-set on the
 * state column ({@link #transition}): 0 rows means another actor changed the run first.
 */
public final class RunStore {
    /** Bytes of stdout/stderr kept on the host row for grouping samples and quick views. */
    static final int HEAD_CHARS = 4096;
    private final JdbcSupport db;
    private final SecretCodec codec;
    private final Clock clock;

    public RunStore(DataSource ds, SecretCodec codec, Clock clock) {
        this.db = new JdbcSupport(ds);
        this.codec = codec;
        this.clock = clock;
    }

    /** Inserts a run and its steps (all PENDING). */
    public void insert(JobRun run, List<StepSpec> steps, Map<String, Object> clearVariables, String owner) {
        db.tx("insert run", c -> {
            Jdbc.update(c, "INSERT INTO job_run (id, project, kind, name, plan_name, plan_version, state, created_by, "
                            + "origin_kind, origin_task_id, origin_node_id, created_at, finished_at, variables, secrets, targets, "
                            + "error, current_step, owner, heartbeat_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                    args(run.id(), run.project(), run.kind().name(), run.name(), run.planName(), run.planVersion(),
                            run.state().name(), run.origin().actor(), run.origin().kind().name(), run.origin().taskId(),
                            run.origin().nodeId(), run.createdAt(), run.finishedAt(), Json.write(run.variables()),
                            clearVariables == null || clearVariables.isEmpty() ? null : codec.encrypt(Json.write(clearVariables)),
                            run.targets(), run.error(), run.currentStep(), owner, run.createdAt()));
            for (int i = 0; i < steps.size(); i++) {
                var s = steps.get(i);
                Jdbc.update(c, "INSERT INTO job_step (run_id, step_index, kind, name, state, attempt, spec) "
                                + "VALUES (?, ?, ?, ?, ?, 0, ?)",
                        args(run.id(), i, s.kind().name(), s.name(), StepState.PENDING.name(),
                                codec.encrypt(Json.write(StepSpecs.toMap(s)))));
            }
            return null;
        });
    }

    public JobRun get(String id) {
        return db.queryOne("SELECT * FROM job_run WHERE id = ?", args(id), RunStore::run)
                .orElseThrow(() -> new NoSuchElementException("job run '" + id + "' does not exist"));
    }

    /** @throws NoSuchElementException when the run does not exist in {@code project} */
    public JobRun get(String project, String id) {
        var r = get(id);
        if (!r.project().equals(project)) throw new NoSuchElementException("job run '" + id + "' does not exist in project '" + project + "'");
        return r;
    }

    /**
     * Lists runs, newest first.
     *
     * @param q text searched (case-insensitive) in the stored output of every host; null = no filter
     */
    public List<JobRun> list(String project, RunKind kind, RunState state, String q, int limit) {
        var sql = new StringBuilder("SELECT * FROM job_run r WHERE project = ?");
        var params = new ArrayList<Object>(List.of(project));
        if (kind != null) {
            sql.append(" AND kind = ?");
            params.add(kind.name());
        }
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.name());
        }
        if (q != null && !q.isBlank()) {
            sql.append(" AND (LOWER(r.name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM job_log l WHERE l.run_id = r.id "
                    + "AND LOWER(l.line) LIKE ? ESCAPE '\\'))");
            params.add(JdbcSupport.containsPattern(q));
            params.add(JdbcSupport.containsPattern(q));
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return db.query(sql.toString(), args(params.toArray()), RunStore::run);
    }

    /**
     * The newest run a flow node started under {@code name} (re-attach after a restart), found by its
     * origin columns (indexed by task id), not by searching text.
     */
    public Optional<JobRun> findByOrigin(String project, String taskId, String nodeId, String name) {
        return db.queryOne("SELECT * FROM job_run WHERE origin_task_id = ? AND origin_node_id = ? AND project = ? AND name = ? "
                + "ORDER BY created_at DESC, id DESC", args(taskId, nodeId, project, name), RunStore::run);
    }

    public List<JobStep> steps(String runId) {
        return db.query("SELECT * FROM job_step WHERE run_id = ? ORDER BY step_index", args(runId), this::step);
    }

    /** @return how many steps the run has (fixed when it was inserted) */
    public int stepCount(String runId) {
        return db.queryOne("SELECT COUNT(*) FROM job_step WHERE run_id = ?", args(runId), rs -> rs.getInt(1)).orElse(0);
    }

    /** @throws NoSuchElementException when the run has no step {@code index} */
    public JobStep step(String runId, int index) {
        return db.queryOne("SELECT * FROM job_step WHERE run_id = ? AND step_index = ?", args(runId, index), this::step)
                .orElseThrow(() -> new NoSuchElementException("job run '" + runId + "' has no step " + index));
    }

    /**
     * Compare-and-set of the run state.
     *
     * @param currentStep new current step, or null to keep it
     * @param error       new error (null clears it)
     * @return false when the run was not in one of {@code from}
     */
    public boolean transition(String runId, Set<RunState> from, RunState to, Integer currentStep, String error, String owner) {
        var in = String.join(", ", from.stream().map(s -> "'" + s.name() + "'").toList());
        var now = clock.instant();
        return db.update("UPDATE job_run SET state = ?, error = ?, current_step = COALESCE(?, current_step), "
                        + "finished_at = ?, owner = COALESCE(?, owner), heartbeat_at = ?, version = version + 1 "
                        + "WHERE id = ? AND state IN (" + in + ")",
                args(to.name(), error, currentStep, to.isMoving() ? null : now, owner, now, runId)) == 1;
    }

    /** Writes a step's state, attempt, times, error and confirmer. */
    public void updateStep(String runId, int index, StepState state, int attempt, Instant startedAt, Instant finishedAt,
                           String error, String confirmedBy) {
        db.update("UPDATE job_step SET state = ?, attempt = ?, started_at = ?, finished_at = ?, error = ?, confirmed_by = ? "
                        + "WHERE run_id = ? AND step_index = ?",
                args(state.name(), attempt, startedAt, finishedAt, error, confirmedBy, runId, index));
    }

    /** @return true when the step was in {@code from} and is now {@code to} */
    public boolean transitionStep(String runId, int index, StepState from, StepState to, String confirmedBy) {
        return db.update("UPDATE job_step SET state = ?, confirmed_by = COALESCE(?, confirmed_by), "
                        + "finished_at = ? WHERE run_id = ? AND step_index = ? AND state = ?",
                args(to.name(), confirmedBy, clock.instant(), runId, index, from.name())) == 1;
    }

    /** Starts attempt {@code attempt} of {@code hosts}: new PENDING rows become the latest of each host. */
    public void startHosts(String runId, int step, int attempt, List<Host> hosts) {
        db.tx("start hosts", c -> {
            try (var off = c.prepareStatement("UPDATE job_host SET latest = FALSE WHERE run_id = ? AND step_index = ? AND host = ?");
                 var ins = c.prepareStatement("INSERT INTO job_host (run_id, step_index, host, attempt, latest, address, port, "
                         + "state, truncated) VALUES (?, ?, ?, ?, TRUE, ?, ?, 'PENDING', FALSE)")) {
                for (var h : hosts) {
                    off.setString(1, runId);
                    off.setInt(2, step);
                    off.setString(3, h.name());
                    off.addBatch();
                    ins.setString(1, runId);
                    ins.setInt(2, step);
                    ins.setString(3, h.name());
                    ins.setInt(4, attempt);
                    ins.setString(5, h.address());
                    ins.setInt(6, h.port());
                    ins.addBatch();
                }
                off.executeBatch();
                ins.executeBatch();
            }
            return null;
        });
    }

    /** A live host state change to persist. */
    public record HostUpdate(String host, HostState state, String message, Instant at) {
    }

    /** Persists live host state changes of one attempt in one batch. */
    public void updateHosts(String runId, int step, int attempt, Collection<HostUpdate> updates) {
        if (updates.isEmpty()) return;
        db.tx("update hosts", c -> {
            try (var ps = c.prepareStatement("UPDATE job_host SET state = ?, error = ?, "
                    + "started_at = COALESCE(started_at, ?) WHERE run_id = ? AND step_index = ? AND host = ? AND attempt = ? "
                    + "AND finished_at IS NULL")) {
                for (var u : updates) {
                    ps.setString(1, u.state().name());
                    ps.setString(2, u.message());
                    Jdbc.setInstant(ps, 3, u.state() == HostState.PENDING ? null : u.at());
                    ps.setString(4, runId);
                    ps.setInt(5, step);
                    ps.setString(6, u.host());
                    ps.setInt(7, attempt);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Writes final results of hosts of one attempt (already masked), with the truncation flags of the
     * stored log: as hosts end (in {@link HostRecorder}'s batches) and, at the step's end, for the hosts
     * whose batch failed to store.
     */
    public void finishHosts(String runId, int step, int attempt, List<HostResult> results, Set<String> truncatedLogs) {
        db.tx("finish hosts", c -> {
            try (var ps = c.prepareStatement("UPDATE job_host SET state = ?, exit_code = ?, started_at = COALESCE(?, started_at), "
                    + "finished_at = ?, truncated = ?, outputs = ?, error = ?, output_digest = ?, stdout_head = ?, stderr_head = ? "
                    + "WHERE run_id = ? AND step_index = ? AND host = ? AND attempt = ?")) {
                for (var r : results) {
                    ps.setString(1, r.state().name());
                    if (r.exitCode() == null) ps.setNull(2, java.sql.Types.INTEGER);
                    else ps.setInt(2, r.exitCode());
                    Jdbc.setInstant(ps, 3, r.startedAt());
                    Jdbc.setInstant(ps, 4, r.finishedAt() == null ? clock.instant() : r.finishedAt());
                    ps.setBoolean(5, r.truncated() || truncatedLogs.contains(r.host()));
                    ps.setString(6, r.outputs().isEmpty() ? null : Json.write(r.outputs()));
                    ps.setString(7, r.error());
                    ps.setString(8, r.outputDigest());
                    ps.setString(9, head(r.stdout()));
                    ps.setString(10, head(r.stderr()));
                    ps.setString(11, runId);
                    ps.setInt(12, step);
                    ps.setString(13, r.host());
                    ps.setInt(14, attempt);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Appends output lines in one batch. */
    public void appendLogs(List<LogEntry> lines) {
        if (lines.isEmpty()) return;
        db.tx("append logs", c -> {
            try (var ps = c.prepareStatement("INSERT INTO job_log (run_id, step_index, attempt, host, stream, line, at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (var l : lines) {
                    ps.setString(1, l.runId());
                    ps.setInt(2, l.step());
                    ps.setInt(3, l.attempt());
                    ps.setString(4, l.host());
                    ps.setString(5, l.stream());
                    ps.setString(6, l.line());
                    Jdbc.setInstant(ps, 7, l.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Host rows of a run.
     *
     * @param step       a step index, or null for every step
     * @param state      only hosts in this state, or null
     * @param q          text searched (case-insensitive) in the host name, error and stored output; or null
     * @param latestOnly only the latest attempt of each host (the step's result)
     */
    public List<JobHost> hosts(String runId, Integer step, HostState state, String q, boolean latestOnly) {
        var sql = new StringBuilder("SELECT * FROM job_host h WHERE run_id = ?");
        var params = new ArrayList<Object>(List.of(runId));
        if (step != null) {
            sql.append(" AND step_index = ?");
            params.add(step);
        }
        if (latestOnly) sql.append(" AND latest = TRUE");
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.name());
        }
        if (q != null && !q.isBlank()) {
            var p = JdbcSupport.containsPattern(q);
            sql.append(" AND (LOWER(h.host) LIKE ? ESCAPE '\\' OR LOWER(h.error) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM job_log l "
                    + "WHERE l.run_id = h.run_id AND l.step_index = h.step_index AND l.host = h.host AND l.attempt = h.attempt "
                    + "AND LOWER(l.line) LIKE ? ESCAPE '\\'))");
            params.addAll(List.of(p, p, p));
        }
        sql.append(" ORDER BY step_index, host, attempt");
        return db.query(sql.toString(), args(params.toArray()), RunStore::host);
    }

    /**
     * Streams every stored log line of a run in one query, grouped by host attempt in the order of
     * {@link #hosts} (step, host, attempt; the host names sorted by the same database collation), each
     * attempt's lines in the order they were stored.
     *
     * @param sink called on this thread while the query's transaction is open; it runs once per line,
     *             never twice (the read is not retried)
     */
    public void eachLogByHost(String runId, Consumer<LogEntry> sink) {
        // once: the sink may already have sent rows to a client, a retry would send them again
        db.txOnce("read logs", c -> {
            try (var ps = c.prepareStatement("SELECT * FROM job_log WHERE run_id = ? ORDER BY step_index, host, attempt, id")) {
                ps.setString(1, runId);
                ps.setFetchSize(1000); // PostgreSQL streams with a cursor (auto-commit is off) instead of loading all rows
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(log(rs));
                }
            }
            return null;
        });
    }

    /** Proves that {@code owner} still drives these runs. */
    public void heartbeat(Collection<String> runIds, String owner) {
        if (runIds.isEmpty()) return;
        var now = clock.instant();
        db.tx("heartbeat", c -> {
            try (var ps = c.prepareStatement("UPDATE job_run SET heartbeat_at = ? WHERE id = ? AND owner = ?")) {
                for (var id : runIds) {
                    Jdbc.setInstant(ps, 1, now);
                    ps.setString(2, id);
                    ps.setString(3, owner);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Marks RUNNING/PAUSED runs whose heartbeat is older than {@code staleBefore} (their server died), or
     * that {@code owner} (this server) owns but does not drive ({@code alive}) — it restarted — and whose
     * heartbeat is older than {@code ownStaleBefore} (skipping runs being handed to a driver right now), as
     * FAILED, with their running steps and unfinished hosts.
     *
     * @return the ids of the runs marked
     */
    public List<String> failInterrupted(Instant staleBefore, String owner, Instant ownStaleBefore, Set<String> alive,
                                        String reason) {
        var now = clock.instant();
        return db.tx("fail interrupted runs", c -> {
            var ids = new ArrayList<>(Jdbc.list(c, "SELECT id FROM job_run WHERE state IN ('RUNNING', 'PAUSED') "
                    + "AND (heartbeat_at < ? OR (owner = ? AND heartbeat_at < ?))", args(staleBefore, owner, ownStaleBefore),
                    rs -> rs.getString(1)));
            ids.removeAll(alive);
            for (var id : ids) {
                if (Jdbc.update(c, "UPDATE job_run SET state = 'FAILED', error = ?, finished_at = ?, version = version + 1 "
                        + "WHERE id = ? AND state IN ('RUNNING', 'PAUSED')", args(reason, now, id)) == 0) continue;
                Jdbc.update(c, "UPDATE job_step SET state = 'FAILED', error = ?, finished_at = ? WHERE run_id = ? "
                        + "AND state IN ('RUNNING', 'PAUSED')", args(reason, now, id));
                Jdbc.update(c, "UPDATE job_host SET state = 'FAILED', error = ?, finished_at = ? WHERE run_id = ? "
                        + "AND state IN ('PENDING', 'RUNNING')", args(reason, now, id));
            }
            return ids;
        });
    }

    private static String head(String s) {
        if (s == null || s.isEmpty()) return null;
        return s.length() <= HEAD_CHARS ? s : s.substring(0, HEAD_CHARS);
    }

    private static JobRun run(ResultSet rs) throws SQLException {
        var origin = new Origin(Origin.Kind.valueOf(rs.getString("origin_kind")), rs.getString("created_by"),
                rs.getString("origin_task_id"), rs.getString("origin_node_id"));
        return new JobRun(rs.getString("id"), rs.getString("project"), RunKind.valueOf(rs.getString("kind")),
                rs.getString("name"), rs.getString("plan_name"), JdbcSupport.intOrNull(rs, "plan_version"),
                RunState.valueOf(rs.getString("state")), origin, Jdbc.getInstant(rs, "created_at"),
                Jdbc.getInstant(rs, "finished_at"), Json.map(rs.getString("variables")), rs.getString("targets"),
                rs.getString("error"), rs.getInt("current_step"));
    }

    private JobStep step(ResultSet rs) throws SQLException {
        var spec = StepSpecs.fromMap(Json.map(codec.decrypt(rs.getString("spec"))));
        return new JobStep(rs.getString("run_id"), rs.getInt("step_index"), StepKind.valueOf(rs.getString("kind")),
                rs.getString("name"), StepState.valueOf(rs.getString("state")), rs.getInt("attempt"),
                Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "finished_at"), spec, rs.getString("error"),
                rs.getString("confirmed_by"));
    }

    private static JobHost host(ResultSet rs) throws SQLException {
        var outputs = rs.getString("outputs");
        return new JobHost(rs.getString("run_id"), rs.getInt("step_index"), rs.getString("host"), rs.getInt("attempt"),
                rs.getString("address"), rs.getInt("port"), HostState.valueOf(rs.getString("state")),
                JdbcSupport.intOrNull(rs, "exit_code"), Jdbc.getInstant(rs, "started_at"),
                Jdbc.getInstant(rs, "finished_at"), rs.getBoolean("truncated"),
                outputs == null ? Map.of() : Json.map(outputs), rs.getString("error"), rs.getString("output_digest"),
                rs.getString("stdout_head"), rs.getString("stderr_head"));
    }

    private static LogEntry log(ResultSet rs) throws SQLException {
        return new LogEntry(rs.getLong("id"), rs.getString("run_id"), rs.getInt("step_index"), rs.getInt("attempt"),
                rs.getString("host"), rs.getString("stream"), rs.getString("line"), Jdbc.getInstant(rs, "at"));
    }
}
