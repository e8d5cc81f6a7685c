package dev.opsflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.runtime.EngineConfig;
import dev.opsflow.engine.runtime.TaskCreator;
import dev.opsflow.engine.runtime.TaskEngine;
import dev.opsflow.engine.runtime.TemplateCatalog;
import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.Decider;
import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.TaskState;
import dev.opsflow.engine.template.TemplateCompiler;
import dev.opsflow.plugins.BuiltinPlugins;
import dev.opsflow.store.jdbc.JdbcStores;
import dev.opsflow.store.jdbc.JdbcTaskRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines (as two server replicas would) on one PostgreSQL schema: they share the tasks, never
 * run a node attempt twice, and route operator commands to the owner through the inbox.
 */
class TwoEnginesOnPostgresTest {
    static final String FLOW = """
            name: shared
            inputs:
              log: {type: string, required: true}
            nodes:
              - {id: start, kind: start, next: split}
              - {id: split, kind: parallel, branches: [{to: a}, {to: b}]}
              - id: a
                plugin: script
                inputs: {language: sh, env: {LOG: "${log}", T: "${_system.task_id}"}, content: 'echo "$T a $OPSFLOW_ATTEMPT" >> "$LOG"'}
                next: join
              - id: b
                plugin: script
                inputs: {language: sh, env: {LOG: "${log}", T: "${_system.task_id}"}, content: 'echo "$T b $OPSFLOW_ATTEMPT" >> "$LOG"'}
                next: join
              - {id: join, kind: converge, next: gate}
              - {id: gate, plugin: approval, inputs: {title: go}, next: c}
              - id: c
                plugin: script
                inputs: {language: sh, env: {LOG: "${log}", T: "${_system.task_id}"}, content: 'echo "$T c $OPSFLOW_ATTEMPT" >> "$LOG"'}
                next: end
              - {id: end, kind: end}
            """;
    String schema;
    final List<AutoCloseable> closeables = new ArrayList<>();

    record Replica(TaskEngine engine, TaskRepository repo) { }

    @BeforeEach
    void schema() throws Exception {
        schema = "two_" + Long.toHexString(System.nanoTime());
        try (var c = DriverManager.getConnection(PostgresApiTest.baseUrl())) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void drop() throws Exception {
        for (var c : closeables.reversed()) c.close();
        try (var c = DriverManager.getConnection(PostgresApiTest.baseUrl())) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    Replica replica(String id, byte[] key) {
        var ds = new HikariDataSource();
        var base = PostgresApiTest.baseUrl();
        ds.setJdbcUrl(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&reWriteBatchedInserts=true");
        ds.setMaximumPoolSize(8);
        closeables.add(ds);
        JdbcStores.migrate(ds);
        var repo = new JdbcTaskRepository(ds, new SecretCodec(key));
        var plugins = PluginRegistry.of(BuiltinPlugins.all());
        var expressions = new Expressions();
        var clock = Clock.systemUTC();
        var catalog = new TemplateCatalog(repo, r -> new TemplateCompiler(plugins, expressions, r), clock);
        var config = new EngineConfig(id, Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofMillis(50), 256,
                Duration.ofSeconds(10));
        var engine = new TaskEngine(repo, catalog, plugins, new Decider(expressions), clock, config);
        engine.start();
        closeables.add(engine);
        return new Replica(engine, repo);
    }

    @Test
    void two_replicas_share_tasks_route_commands_and_never_run_an_attempt_twice() throws Exception {
        var key = SecretCodec.newKey();
        var a = replica("replica-a", key);
        var b = replica("replica-b", key);
        a.repo().ensureProject("default", null, Clock.systemUTC().instant());
        a.engine().catalog().save("default", "shared", FLOW, "test");
        Path log = Files.createTempFile("two-engines", ".log");
        var ids = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            var via = i % 2 == 0 ? a : b;
            var id = via.engine().creator().create(TaskCreator.Request.of("default", "shared", null, null,
                    Map.of("log", log.toString()), Set.of(), "test"));
            via.engine().execute(id, new Signal.Start("test"));
            ids.add(id);
        }
        for (var id : ids) {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.repo().nodes(id).stream()
                    .anyMatch(n -> n.nodeId().equals("gate") && n.state().equals("WAITING")));
        }
        assertThat(a.engine().ownedCount()).isPositive();
        assertThat(b.engine().ownedCount()).isPositive();
        // approve every task through the replica that does NOT own it half of the time: the inbox routes it
        for (int i = 0; i < ids.size(); i++) {
            var via = i % 4 < 2 ? a : b;
            via.engine().callback(ids.get(i), "gate", "NODE_APPROVED",
                    Map.of("approved", true, "comment", "ok", "operator", "test"), "test");
        }
        for (var id : ids) {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.repo().findTask(id).orElseThrow().state()
                    == TaskState.FINISHED);
        }
        var lines = Files.readAllLines(log);
        assertThat(lines).hasSize(ids.size() * 3);
        var counts = new HashMap<String, Integer>();
        lines.forEach(l -> counts.merge(l, 1, Integer::sum));
        assertThat(counts.values()).allMatch(c -> c == 1);
    }
}
