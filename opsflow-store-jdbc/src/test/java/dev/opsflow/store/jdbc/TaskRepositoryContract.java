package dev.opsflow.store.jdbc;

import static dev.opsflow.store.jdbc.StoreFixtures.ENGINE_A;
import static dev.opsflow.store.jdbc.StoreFixtures.ENGINE_B;
import static dev.opsflow.store.jdbc.StoreFixtures.at;
import static dev.opsflow.store.jdbc.StoreFixtures.concurrently;
import static dev.opsflow.store.jdbc.StoreFixtures.created;
import static dev.opsflow.store.jdbc.StoreFixtures.event;
import static dev.opsflow.store.jdbc.StoreFixtures.newTask;
import static dev.opsflow.store.jdbc.StoreFixtures.node;
import static dev.opsflow.store.jdbc.StoreFixtures.set;
import static dev.opsflow.store.jdbc.StoreFixtures.taskId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.opsflow.engine.store.NewTask;
import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.engine.store.TemplateVersionRecord;
import dev.opsflow.engine.store.WriteSet;
import dev.opsflow.engine.task.NodeState;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskState;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The storage contract every database must pass. One fresh database (schema) per subclass run; tests
 * share it, so each uses its own task ids and projects and asserts only on its own rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TaskRepositoryContract implements OwnershipAndInboxContract {

    private TestDatabase db;
    private DataSource ds;
    private JdbcTaskRepository repo;

    /** @return a fresh, empty database */
    abstract TestDatabase openDatabase();

    @BeforeAll
    void migrate() {
        db = openDatabase();
        ds = db.dataSource();
        JdbcStores.migrate(ds);
        repo = new JdbcTaskRepository(ds, new SecretCodec(SecretCodec.newKey()));
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) db.close();
    }

    // ---- schema, projects, templates ----

    @Test
    void migrating_twice_applies_nothing_the_second_time() throws SQLException {
        assertThat(JdbcStores.migrate(ds)).isZero();
        assertThat(scalar("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1' AND \"success\" = TRUE"))
                .isEqualTo("1");
        assertThat(scalar("SELECT COUNT(*) FROM task_command")).isNotNull();
    }

    @Test
    void ensure_project_is_idempotent() {
        repo.ensureProject("proj-a", "first", at(0));
        repo.ensureProject("proj-a", "second", at(1));
        assertThat(repo.projects()).filteredOn(p -> p[0].equals("proj-a")).singleElement()
                .satisfies(p -> assertThat(p[1]).isEqualTo("first"));
    }

    @Test
    void saving_a_template_creates_versions_only_when_the_source_changes() {
        var v1 = repo.saveTemplate("tpl", "deploy", "nodes: [a]", "d1", "alice", at(0));
        var same = repo.saveTemplate("tpl", "deploy", "nodes: [a]", "d1", "bob", at(1));
        var v2 = repo.saveTemplate("tpl", "deploy", "nodes: [a, b]", "d2", "bob", at(2));
        repo.saveTemplate("tpl", "backup", "nodes: [x]", null, "alice", at(3));

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.created()).isTrue();
        assertThat(same).isEqualTo(new TemplateVersionRecord("tpl", "deploy", 1, "nodes: [a]", "d1", "alice", at(0), false));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.created()).isTrue();
        assertThat(repo.findTemplate("tpl", "deploy", null).orElseThrow().version()).isEqualTo(2);
        assertThat(repo.findTemplate("tpl", "deploy", 1).orElseThrow().source()).isEqualTo("nodes: [a]");
        assertThat(repo.findTemplate("tpl", "deploy", 3)).isEmpty();
        assertThat(repo.listTemplates("tpl")).extracting(TemplateVersionRecord::name, TemplateVersionRecord::version)
                .containsExactly(tuple("backup", 1), tuple("deploy", 2));
        assertThat(repo.templateVersions("tpl", "deploy")).extracting(TemplateVersionRecord::version).containsExactly(1, 2);
    }

    @Test
    void concurrent_template_saves_never_duplicate_a_version() throws Exception {
        var results = concurrently(8, i -> repo.saveTemplate("tpl-race", "flow", "source " + i, null, "u" + i, at(i)));
        assertThat(results).extracting(TemplateVersionRecord::version).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(repo.templateVersions("tpl-race", "flow")).hasSize(8);

        var same = concurrently(6, i -> repo.saveTemplate("tpl-race", "same", "one source", null, "u" + i, at(i)));
        assertThat(same).filteredOn(TemplateVersionRecord::created).hasSize(1);
        assertThat(same).extracting(TemplateVersionRecord::version).containsOnly(1);
    }

    // ---- tasks ----

    @Test
    void a_task_round_trips_with_node_runs_converges_and_encrypted_secrets() throws SQLException {
        var id = taskId();
        var task = newTask(id, "rt", Map.of("env", "prod", "password", "hunter2", "count", 3),
                Set.of("password"), at(0));
        repo.insertTask(task, created(id));
        assertThat(repo.claim(id, ENGINE_A, at(60), at(1))).isTrue();

        var a = node("build", NodeState.WAITING, 2, 3);
        a.dueAt = at(30);
        a.outputs = Map.of("artifact", "app.jar");
        a.error = "flaky";
        a.waitingFor = "callback";
        a.pluginState = Map.of("job", 42);
        a.inputOverrides = Map.of("script", "echo fixed");
        a.breakpointResumed = true;
        a.continued = true;
        var b = node("approve", NodeState.READY, 1, 0);
        assertThat(repo.write(List.of(set(id, ENGINE_A, 0).state(TaskState.RUNNING).started(at(2)).node(a).node(b)
                .converge("join", 1, 2).event(event(id, 2, null, "TASK_STARTED"))
                .event(event(id, 3, "build", "NODE_STARTED")).build()))).containsExactly(true);

        var run = repo.loadRun(id).orElseThrow();
        assertThat(run.variables).containsEntry("password", "hunter2").containsEntry("env", "prod").containsEntry("count", 3);
        assertThat(run.secretNames).containsExactly("password");
        assertThat(run.deselected).containsExactly("smoke");
        assertThat(run.state).isEqualTo(TaskState.RUNNING);
        assertThat(run.startedAt).isEqualTo(at(2));
        assertThat(run.createdAt).isEqualTo(at(0));
        assertThat(run.version).isEqualTo(1);
        assertThat(run.lastSeq).isEqualTo(3);
        assertThat(run.converges.get("join")).containsExactly(1, 2);
        assertThat(run.nodes).containsOnlyKeys("build", "approve");
        assertThat(run.node("build")).usingRecursiveComparison().isEqualTo(a);
        assertThat(run.node("approve")).usingRecursiveComparison().isEqualTo(b);

        var raw = scalar("SELECT variables FROM task WHERE id = '" + id + "'");
        assertThat(raw).doesNotContain("hunter2").contains("enc:v1:");
        var row = repo.findTask(id).orElseThrow();
        assertThat(row.variables()).containsEntry("password", "******").containsEntry("env", "prod");
        assertThat(row.owner()).isEqualTo(ENGINE_A);
        assertThat(row.leaseUntil()).isEqualTo(at(60));
        assertThat(repo.listTasks("rt", null, 10, 0)).singleElement()
                .satisfies(r -> assertThat(r.variables()).containsEntry("password", "******"));
        assertThat(repo.nodes(id)).extracting(n -> n.nodeId() + ":" + n.state()).containsExactly("approve:READY", "build:WAITING");
    }

    @Test
    void converge_counters_are_merged_across_writes() {
        var id = startedTask();
        repo.write(List.of(set(id, ENGINE_A, 0).converge("j1", 1, 2).build()));
        repo.write(List.of(set(id, ENGINE_A, 1).converge("j2", 1, 3).build(),
                set(id, ENGINE_A, 2).converge("j1", 2, 2).build()));
        var run = repo.loadRun(id).orElseThrow();
        assertThat(run.converges).containsOnlyKeys("j1", "j2");
        assertThat(run.converges.get("j1")).containsExactly(2, 2);
        assertThat(run.converges.get("j2")).containsExactly(1, 3);
        assertThat(run.version).isEqualTo(3);
    }

    @Test
    void listing_tasks_is_newest_first_with_an_optional_state_and_paging() {
        var old = taskId();
        var mid = taskId();
        var young = taskId();
        repo.insertTask(newTask(old, "list", Map.of(), Set.of(), at(1)), created(old));
        repo.insertTask(newTask(mid, "list", Map.of(), Set.of(), at(2)), created(mid));
        repo.insertTask(newTask(young, "list", Map.of(), Set.of(), at(3)), created(young));
        repo.claim(mid, ENGINE_A, at(100), at(2));
        repo.write(List.of(set(mid, ENGINE_A, 0).state(TaskState.RUNNING).build()));

        assertThat(repo.listTasks("list", null, 10, 0)).extracting(r -> r.id()).containsExactly(young, mid, old);
        assertThat(repo.listTasks("list", null, 1, 1)).extracting(r -> r.id()).containsExactly(mid);
        assertThat(repo.listTasks("list", TaskState.CREATED, 10, 0)).extracting(r -> r.id()).containsExactly(young, old);
        assertThat(repo.listTasks("nothing-here", null, 10, 0)).isEmpty();
        assertThat(repo.findTask("t_missing")).isEmpty();
        assertThat(repo.loadRun("t_missing")).isEmpty();
    }

    // ---- fenced writes ----

    @Test
    void a_fenced_write_applies_and_bumps_the_version_while_stale_or_foreign_sets_are_skipped() {
        var good = startedTask();
        var stale = startedTask();
        var foreign = startedTask();
        var applied = repo.write(List.of(
                set(good, ENGINE_A, 0).state(TaskState.RUNNING).event(event(good, 2, null, "TASK_STARTED"))
                        .node(node("a", NodeState.RUNNING, 1, 1)).build(),
                set(stale, ENGINE_A, 7).state(TaskState.RUNNING).event(event(stale, 2, null, "TASK_STARTED"))
                        .node(node("a", NodeState.RUNNING, 1, 1)).build(),
                set(foreign, ENGINE_B, 0).state(TaskState.RUNNING).event(event(foreign, 2, null, "TASK_STARTED")).build()));

        assertThat(applied).containsExactly(true, false, false);
        assertThat(repo.findTask(good).orElseThrow().version()).isEqualTo(1);
        assertThat(repo.findTask(good).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
        assertThat(repo.events(good, 0, 10)).hasSize(2);
        for (var skipped : List.of(stale, foreign)) {
            var row = repo.findTask(skipped).orElseThrow();
            assertThat(row.version()).isZero();
            assertThat(row.state()).isEqualTo(TaskState.CREATED);
            assertThat(repo.events(skipped, 0, 10)).hasSize(1);
            assertThat(repo.nodes(skipped)).isEmpty();
        }
    }

    @Test
    void two_sets_of_one_task_apply_in_order_in_one_call() {
        var id = startedTask();
        var applied = repo.write(List.of(
                set(id, ENGINE_A, 0).node(node("a", NodeState.RUNNING, 1, 1)).event(event(id, 2, "a", "NODE_STARTED")).build(),
                set(id, ENGINE_A, 1).node(node("a", NodeState.FINISHED, 1, 1)).event(event(id, 3, "a", "NODE_FINISHED")).build()));
        assertThat(applied).containsExactly(true, true);
        var run = repo.loadRun(id).orElseThrow();
        assertThat(run.version).isEqualTo(2);
        assertThat(run.node("a").state).isEqualTo(NodeState.FINISHED);
        assertThat(run.lastSeq).isEqualTo(3);
    }

    @Test
    void finishing_with_release_clears_the_owner_and_keeps_earlier_times() {
        var id = startedTask();
        repo.write(List.of(set(id, ENGINE_A, 0).state(TaskState.RUNNING).started(at(5)).build()));
        repo.write(List.of(set(id, ENGINE_A, 1).state(TaskState.FINISHED).finished(at(9), Map.of("url", "https://x"))
                .release().build()));
        var row = repo.findTask(id).orElseThrow();
        assertThat(row.state()).isEqualTo(TaskState.FINISHED);
        assertThat(row.startedAt()).isEqualTo(at(5));
        assertThat(row.finishedAt()).isEqualTo(at(9));
        assertThat(row.outputs()).containsEntry("url", "https://x");
        assertThat(row.owner()).isNull();
        assertThat(row.leaseUntil()).isNull();
        assertThat(repo.write(List.of(set(id, ENGINE_A, 2).build()))).containsExactly(false);
    }

    @Test
    void a_failing_write_rolls_back_every_set_in_the_call() {
        var ok = startedTask();
        var broken = startedTask();
        assertThatThrownBy(() -> repo.write(List.of(
                set(ok, ENGINE_A, 0).event(event(ok, 2, null, "TASK_STARTED")).build(),
                set(broken, ENGINE_A, 0).event(event(broken, 1, null, "DUPLICATE_SEQ")).build())))
                .isInstanceOf(JdbcStoreException.class);
        assertThat(repo.findTask(ok).orElseThrow().version()).isZero();
        assertThat(repo.events(ok, 0, 10)).hasSize(1);
    }

    @Test
    void every_ended_attempt_of_a_node_is_kept_across_retries_and_passes() {
        var id = startedTask();
        var a1 = node("deploy", NodeState.FAILED, 1, 1);
        a1.error = "exit 1";
        a1.finishedAt = at(20);
        repo.write(List.of(set(id, ENGINE_A, 0).node(node("deploy", NodeState.RUNNING, 1, 1)).build()));
        repo.write(List.of(set(id, ENGINE_A, 1).node(a1).build()));
        repo.write(List.of(set(id, ENGINE_A, 2).node(node("deploy", NodeState.RUNNING, 1, 2)).build()));
        var a2 = node("deploy", NodeState.FINISHED, 1, 2);
        a2.outputs = Map.of("ok", true);
        repo.write(List.of(set(id, ENGINE_A, 3).node(a2).node(node("gate", NodeState.READY, 1, 0)).build()));
        repo.write(List.of(set(id, ENGINE_A, 4).node(node("deploy", NodeState.RUNNING, 2, 1)).build()));

        assertThat(repo.attempts(id)).extracting(r -> r.nodeId() + " p" + r.pass() + " a" + r.attempt() + " " + r.state())
                // the attempt in progress lives in node_run only; history rows are written when an attempt ends
                .containsExactly("deploy p1 a1 FAILED", "deploy p1 a2 FINISHED");
        assertThat(repo.attempts(id).getFirst().error()).isEqualTo("exit 1");
        assertThat(repo.attempts(id).get(1).outputs()).containsEntry("ok", true);
        assertThat(repo.nodes(id)).extracting(r -> r.nodeId() + " p" + r.pass() + " a" + r.attempt())
                .containsExactly("deploy p2 a1", "gate p1 a0");
    }

    @Test
    void finished_attempts_of_every_pass_are_kept_when_passes_follow_each_other_in_one_commit() {
        var id = startedTask();
        var p1 = node("poll", NodeState.FINISHED, 1, 1);
        p1.outputs = Map.of("count", 1);
        repo.write(List.of(set(id, ENGINE_A, 0).node(node("poll", NodeState.RUNNING, 1, 1)).build()));
        repo.write(List.of(set(id, ENGINE_A, 1).node(p1).build()));
        assertThat(repo.attempts(id)).extracting(r -> "p" + r.pass() + " a" + r.attempt() + " " + r.state())
                .containsExactly("p1 a1 FINISHED");

        var p2 = node("poll", NodeState.FINISHED, 2, 1);
        p2.outputs = Map.of("count", 2);
        // pass 2 starts and finishes, pass 3 starts: one commit, the same node three times
        repo.write(List.of(set(id, ENGINE_A, 2).node(node("poll", NodeState.RUNNING, 2, 1)).build(),
                set(id, ENGINE_A, 3).node(p2).build(),
                set(id, ENGINE_A, 4).node(node("poll", NodeState.RUNNING, 3, 1)).build()));

        var attempts = repo.attempts(id);
        assertThat(attempts).extracting(r -> "p" + r.pass() + " a" + r.attempt() + " " + r.state())
                .containsExactly("p1 a1 FINISHED", "p2 a1 FINISHED");
        assertThat(attempts.get(0).outputs()).containsEntry("count", 1);
        assertThat(attempts.get(1).outputs()).containsEntry("count", 2);
        assertThat(repo.nodes(id)).extracting(r -> r.nodeId() + " p" + r.pass() + " " + r.state())
                .containsExactly("poll p3 RUNNING");
    }

    /**
     * The stored row is archived only by a write that may open a pass (attempt 0 or 1, not WAITING): here
     * pass 2 opens READY (a paused task), then waits, fails, retries and finishes; pass 3 opens RUNNING.
     */
    @Test
    void finished_attempts_are_archived_when_a_pass_opens_ready_and_kept_across_its_retries() {
        var id = startedTask();
        long v = 0;
        var p1 = node("poll", NodeState.FINISHED, 1, 1);
        p1.outputs = Map.of("count", 1);
        for (var n : List.of(node("poll", NodeState.RUNNING, 1, 1), p1, node("poll", NodeState.READY, 2, 0),
                node("poll", NodeState.RUNNING, 2, 1), node("poll", NodeState.WAITING, 2, 1))) {
            assertThat(repo.write(List.of(set(id, ENGINE_A, v++).node(n).build()))).containsExactly(true);
        }
        var failed = node("poll", NodeState.READY, 2, 1); // failed, retry scheduled
        failed.error = "timed out";
        failed.dueAt = at(40);
        var p2 = node("poll", NodeState.FINISHED, 2, 2);
        p2.outputs = Map.of("count", 2);
        for (var n : List.of(failed, node("poll", NodeState.RUNNING, 2, 2), node("poll", NodeState.WAITING, 2, 2), p2,
                node("poll", NodeState.RUNNING, 3, 1))) {
            assertThat(repo.write(List.of(set(id, ENGINE_A, v++).node(n).build()))).containsExactly(true);
        }

        var attempts = repo.attempts(id);
        assertThat(attempts).extracting(r -> "p" + r.pass() + " a" + r.attempt() + " " + r.state())
                .containsExactly("p1 a1 FINISHED", "p2 a1 FAILED", "p2 a2 FINISHED");
        assertThat(attempts.get(0).outputs()).containsEntry("count", 1);
        assertThat(attempts.get(1).error()).isEqualTo("timed out");
        assertThat(attempts.get(2).outputs()).containsEntry("count", 2);
    }

    @Test
    void a_created_and_started_task_is_inserted_owned_in_its_first_sets_state_and_fences_later_sets() {
        var id = taskId();
        var first = new WriteSet(id, ENGINE_A, 0, TaskState.RUNNING, at(5), null, null, Map.of(), false,
                List.of(node("build", NodeState.RUNNING, 1, 1)), List.of(event(id, 2, null, "TASK_STARTED")),
                Map.of(), newTask(id), created(id), at(60));
        var second = set(id, ENGINE_A, 1).node(node("build", NodeState.FINISHED, 1, 1))
                .event(event(id, 3, "build", "NODE_FINISHED")).build();
        var stale = set(id, ENGINE_A, 1).event(event(id, 4, "build", "NODE_FAILED")).build();

        // one commit: the insert, a set fenced on the inserted progress row, and a stale one
        assertThat(repo.write(List.of(first, second, stale))).containsExactly(true, true, false);

        var row = repo.findTask(id).orElseThrow();
        assertThat(row.state()).isEqualTo(TaskState.RUNNING);
        assertThat(row.startedAt()).isEqualTo(at(5));
        assertThat(row.owner()).isEqualTo(ENGINE_A);
        assertThat(row.leaseUntil()).isEqualTo(at(60));
        assertThat(row.version()).isEqualTo(2);
        assertThat(repo.events(id, 0, 10)).extracting(TaskEvent::type)
                .containsExactly("TASK_CREATED", "TASK_STARTED", "NODE_FINISHED");
        assertThat(repo.nodes(id)).extracting(r -> r.nodeId() + " " + r.state()).containsExactly("build FINISHED");
    }

    @Test
    void events_page_by_sequence() {
        var id = startedTask();
        var set = set(id, ENGINE_A, 0);
        for (int seq = 2; seq <= 7; seq++) set.event(event(id, seq, seq % 2 == 0 ? "n" : null, "E" + seq));
        repo.write(List.of(set.build()));

        assertThat(repo.events(id, 0, 3)).extracting(TaskEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(repo.events(id, 3, 3)).extracting(TaskEvent::seq).containsExactly(4L, 5L, 6L);
        assertThat(repo.events(id, 6, 3)).extracting(TaskEvent::seq).containsExactly(7L);
        assertThat(repo.events(id, 7, 3)).isEmpty();
        assertThat(repo.events(id, 3, 1).getFirst()).isEqualTo(new TaskEvent(4, id, "n", "E4", TaskEvent.ENGINE, at(4),
                null, Map.of("seq", 4)));
    }

    @Test
    void a_subflow_child_is_found_by_its_parent_node_and_attempt() {
        var parent = startedTask();
        var childId = taskId();
        var child = new NewTask(childId, "ops", "child", "sub", 3, Map.of("token", "s3cret"), Set.of("token"), Set.of(),
                "alice", at(7), parent, "call", 2, TaskState.RUNNING);
        repo.insertTask(child, new TaskEvent(1, childId, null, "TASK_CREATED", "alice", at(7),
                "subflow of " + parent + "/call", Map.of()));

        var row = repo.findChild(parent, "call", 2).orElseThrow();
        assertThat(row.id()).isEqualTo(childId);
        assertThat(row.state()).isEqualTo(TaskState.RUNNING);
        assertThat(row.variables()).containsEntry("token", "******");
        assertThat(row.owner()).isNull();
        assertThat(repo.findChild(parent, "call", 1)).isEmpty();
        assertThat(repo.loadRun(childId).orElseThrow().variables).containsEntry("token", "s3cret");
        assertThat(repo.events(childId, 0, 10)).singleElement().isEqualTo(new TaskEvent(1, childId, null,
                "TASK_CREATED", "alice", at(7), "subflow of " + parent + "/call", Map.of()));
    }

    // ---- helpers ----

    @Override
    public JdbcTaskRepository repo() {
        return repo;
    }

    /** A CREATED task owned by {@link #ENGINE_A} at version 0. */
    @Override
    public String startedTask() {
        var id = taskId();
        repo.insertTask(newTask(id), created(id));
        assertThat(repo.claim(id, ENGINE_A, at(3_600), at(0))).isTrue();
        return id;
    }

    /** A task in {@code state} at lease time 0..100, then released ({@code unowned}) or left to expire. */
    @Override
    public String inState(TaskState state, boolean unowned) {
        var id = startedTask();
        repo.claim(id, ENGINE_A, at(100), at(0));
        assertThat(repo.write(List.of(set(id, ENGINE_A, 0).state(state).build()))).containsExactly(true);
        if (unowned) repo.write(List.of(set(id, ENGINE_A, 1).state(state).release().build()));
        return id;
    }

    private String scalar(String sql) throws SQLException {
        try (var c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
