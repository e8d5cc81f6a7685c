package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.Command;
import dev.opsflow.engine.store.LogLine;
import dev.opsflow.engine.store.NewTask;
import dev.opsflow.engine.store.NodeRow;
import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.store.TaskRow;
import dev.opsflow.engine.store.TemplateVersionRecord;
import dev.opsflow.engine.store.WriteSet;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskRun;
import dev.opsflow.engine.task.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link TaskRepository} on H2 or PostgreSQL with plain JDBC. Thread-safe; every method is one
 * transaction on one pooled connection; the schema must be migrated first ({@link JdbcStores#migrate}).
 *
 * <ul>
 *   <li>Secrets: string values of {@link NewTask#secretNames()} are encrypted with the {@link SecretCodec}
 *       on insert (values already encrypted are kept); {@link #loadRun} returns them in clear, every
 *       {@link TaskRow} shows {@code "******"}.</li>
 *   <li>Times: UTC instants truncated to microseconds. Bookkeeping columns not in the port
 *       ({@code updated_at}, {@code answered_at}) use the database clock.</li>
 *   <li>Errors: any {@link java.sql.SQLException} becomes a {@link JdbcStoreException} after rollback.
 *       A fenced-off {@link WriteSet} or a lost claim is not an error (false).</li>
 * </ul>
 */
public final class JdbcTaskRepository implements TaskRepository {
    private final TemplateSql templates;
    private final TaskReader reader;
    private final TaskWriter writer;
    private final LeaseSql leases;
    private final LogSql logs;
    private final InboxSql inbox;

    /**
     * @param ds      a (pooled) data source of a migrated H2 or PostgreSQL schema
     * @param secrets the codec for secret variables
     * @throws JdbcStoreException when no connection can be opened (the dialect is read once, here)
     */
    public JdbcTaskRepository(DataSource ds, SecretCodec secrets) {
        var jdbc = new Jdbc(ds);
        var dialect = JdbcStores.dialect(ds);
        var codec = new Secrets(secrets);
        this.templates = new TemplateSql(jdbc);
        this.reader = new TaskReader(jdbc, codec);
        this.writer = new TaskWriter(jdbc, codec, dialect);
        this.leases = new LeaseSql(jdbc, dialect);
        this.logs = new LogSql(jdbc);
        this.inbox = new InboxSql(jdbc);
    }

    @Override
    public void ensureProject(String name, String description, Instant now) {
        templates.ensureProject(name, description, now);
    }

    @Override
    public List<String[]> projects() {
        return templates.projects();
    }

    /** Concurrent saves of one template never duplicate a version: the loser of the key race retries. */
    @Override
    public TemplateVersionRecord saveTemplate(String project, String name, String source, String description,
                                              String actor, Instant now) {
        return templates.save(project, name, source, description, actor, now);
    }

    @Override
    public Optional<TemplateVersionRecord> findTemplate(String project, String name, Integer version) {
        return templates.find(project, name, version);
    }

    @Override
    public List<TemplateVersionRecord> listTemplates(String project) {
        return templates.listLatest(project);
    }

    @Override
    public List<TemplateVersionRecord> templateVersions(String project, String name) {
        return templates.versions(project, name);
    }

    /** The task row starts at version 0 and without an owner. */
    @Override
    public void insertTask(NewTask task, TaskEvent created) {
        writer.insertTask(task, created);
    }

    @Override
    public Optional<TaskRow> findTask(String id) {
        return reader.findTask(id);
    }

    @Override
    public List<TaskRow> listTasks(String project, TaskState state, int limit, int offset) {
        return reader.listTasks(project, state, limit, offset);
    }

    @Override
    public Optional<TaskRow> findChild(String parentTaskId, String parentNodeId, int parentAttempt) {
        return reader.findChild(parentTaskId, parentNodeId, parentAttempt);
    }

    /** Node runs come in node-id order. */
    @Override
    public Optional<TaskRun> loadRun(String id) {
        return reader.loadRun(id);
    }

    @Override
    public List<NodeRow> nodes(String taskId) {
        return reader.nodes(taskId);
    }

    @Override
    public List<NodeRow> attempts(String taskId) {
        return reader.attempts(taskId);
    }

    @Override
    public List<TaskEvent> events(String taskId, long afterSeq, int limit) {
        return reader.events(taskId, afterSeq, limit);
    }

    /** Also true when {@code owner} already holds the task (the lease is set to {@code leaseUntil}). */
    @Override
    public boolean claim(String taskId, String owner, Instant leaseUntil, Instant now) {
        return leases.claim(taskId, owner, leaseUntil, now);
    }

    /**
     * Candidates: RUNNING and unowned or lease expired, or PAUSED/FAILED still owned with an expired lease
     * (an owner releases an idle task, so a held one had work in flight). Oldest update first.
     */
    @Override
    public List<String> claimOrphans(String owner, Instant leaseUntil, Instant now, int limit) {
        return leases.claimOrphans(owner, leaseUntil, now, limit);
    }

    @Override
    public int renewLeases(String owner, java.util.Collection<String> taskIds, Instant leaseUntil) {
        return leases.renew(owner, taskIds, leaseUntil);
    }

    @Override
    public void releaseAll(String owner) {
        leases.releaseAll(owner);
    }

    /**
     * One transaction, JDBC-batched: fence every set, then for the applied sets upsert node runs and
     * their attempts (attempt &ge; 1), append events, answer commands. A null state, outputs, startedAt or finishedAt keeps the stored value; converge counters
     * are merged into the stored ones.
     *
     * @throws JdbcStoreException when the transaction failed: then no set was applied
     */
    @Override
    public boolean[] write(List<WriteSet> sets) {
        return writer.write(sets);
    }

    @Override
    public void appendLogs(List<LogLine> lines) {
        logs.append(lines);
    }

    @Override
    public long lastLogSeq(String taskId, String nodeId, int pass, int attempt) {
        return logs.lastSeq(taskId, nodeId, pass, attempt);
    }

    @Override
    public List<LogLine> logs(String taskId, String nodeId, int pass, int attempt, long afterSeq, int limit) {
        return logs.logs(taskId, nodeId, pass, attempt, afterSeq, limit);
    }

    @Override
    public List<int[]> logAttemptsAfter(String taskId, String nodeId, int afterPass, int afterAttempt) {
        return logs.attemptsAfter(taskId, nodeId, afterPass, afterAttempt);
    }

    @Override
    public long enqueueCommand(String taskId, String actor, Map<String, Object> payload, Instant now) {
        return inbox.enqueue(taskId, actor, payload, now);
    }

    @Override
    public List<Command> pendingCommands(String owner, int limit) {
        return inbox.pending(owner, limit);
    }

    @Override
    public Optional<String> commandResult(long commandId) {
        return inbox.result(commandId);
    }

    /** The first answer wins; answering an answered command changes nothing. */
    @Override
    public void answerCommand(long commandId, String result) {
        inbox.answer(commandId, result);
    }
}
