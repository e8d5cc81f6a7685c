package dev.opsflow.engine.store;

import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskRun;
import dev.opsflow.engine.task.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The engine's port to durable storage. Implementations are thread-safe; every method is one
 * transaction. Adapter: {@code JdbcTaskRepository} (H2, PostgreSQL).
 */
public interface TaskRepository {

    // ---- projects and templates ----

    /** Creates the project if absent. */
    void ensureProject(String name, String description, Instant now);

    /** @return project names with description, by name */
    List<String[]> projects();

    /**
     * Stores a new version unless the source equals the latest version's.
     *
     * @return the new or unchanged latest version
     */
    TemplateVersionRecord saveTemplate(String project, String name, String source, String description, String actor,
                                       Instant now);

    /** @param version null for the latest */
    Optional<TemplateVersionRecord> findTemplate(String project, String name, Integer version);

    /** @return the latest version of every template in the project, by name */
    List<TemplateVersionRecord> listTemplates(String project);

    /** @return every version, ascending */
    List<TemplateVersionRecord> templateVersions(String project, String name);

    // ---- tasks ----

    /** Inserts a task with its first event. */
    void insertTask(NewTask task, TaskEvent created);

    /** @return the stored task row */
    Optional<TaskRow> findTask(String id);

    /** @param state null for any; newest first */
    List<TaskRow> listTasks(String project, TaskState state, int limit, int offset);

    /** @return the child task of a subflow attempt, if it was created */
    Optional<TaskRow> findChild(String parentTaskId, String parentNodeId, int parentAttempt);

    /** @return the state to decide on: task fields, node runs, converges, last event seq, version */
    Optional<TaskRun> loadRun(String id);

    /** @return current node runs (masked inputs) */
    List<NodeRow> nodes(String taskId);

    /** @return every attempt of every node, by node, pass, attempt */
    List<NodeRow> attempts(String taskId);

    /** @return events with seq greater than {@code afterSeq}, ascending, at most {@code limit} */
    List<TaskEvent> events(String taskId, long afterSeq, int limit);

    // ---- ownership (leases) ----

    /**
     * Takes ownership of one task when it is unowned or its lease expired.
     *
     * @return true when claimed
     */
    boolean claim(String taskId, String owner, Instant leaseUntil, Instant now);

    /**
     * Claims tasks that need an owner: RUNNING (or PAUSED/FAILED with a RUNNING/WAITING node) and unowned
     * or with an expired lease; {@code FOR UPDATE SKIP LOCKED} where supported.
     *
     * @return claimed task ids
     */
    List<String> claimOrphans(String owner, Instant leaseUntil, Instant now, int limit);

    /**
     * Extends the leases of the given tasks held by {@code owner}, updating rows in id order (so that
     * concurrent writers of disjoint task sets never deadlock).
     *
     * @return how many rows
     */
    int renewLeases(String owner, java.util.Collection<String> taskIds, Instant leaseUntil);

    /** Clears ownership of every task held by {@code owner} (clean shutdown). */
    void releaseAll(String owner);

    /**
     * Writes decisions in one transaction. A set whose fence fails (version or owner changed) is
     * skipped, the others apply.
     *
     * @return per set, true when applied
     */
    boolean[] write(List<WriteSet> sets);

    // ---- logs ----

    /**
     * Appends log lines. A line is keyed by (task, node, pass, attempt, seq): a line whose key is stored
     * already (a late line of an engine whose lease ran out, say) is skipped and the stored one kept; every
     * other line is stored. Any other failure throws, and then none of the lines is stored.
     */
    void appendLogs(List<LogLine> lines);

    /**
     * @return the highest seq stored for the lines of one attempt, 0 when it has none — an engine that takes
     *         over an attempt another process started continues after it (see {@link LogSequence})
     */
    long lastLogSeq(String taskId, String nodeId, int pass, int attempt);

    /**
     * @param pass    loop pass; 0 for the latest pass that has lines
     * @param attempt attempt within that pass; 0 for its latest attempt that has lines
     * @return up to {@code limit} lines with seq &gt; {@code afterSeq}, in seq order
     */
    List<LogLine> logs(String taskId, String nodeId, int pass, int attempt, long afterSeq, int limit);

    /**
     * @return the {pass, attempt} pairs of the node that have log lines and come after
     *         ({@code afterPass}, {@code afterAttempt}), in order — for a reader that followed one attempt
     *         and finds the node several attempts or passes further on
     */
    List<int[]> logAttemptsAfter(String taskId, String nodeId, int afterPass, int afterAttempt);

    // ---- inbox ----

    /** @return the new command's id */
    long enqueueCommand(String taskId, String actor, java.util.Map<String, Object> payload, Instant now);

    /** @return pending commands of tasks owned by {@code owner}, oldest first */
    List<Command> pendingCommands(String owner, int limit);

    /** @return the command's result once answered ("ok" or an error message prefixed "error:"), else empty */
    Optional<String> commandResult(long commandId);

    /** Answers a command outside a decision (e.g. rejected). */
    void answerCommand(long commandId, String result);
}
