package dev.opsflow.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.runtime.EngineConfig;
import dev.opsflow.engine.runtime.TaskEngine;
import dev.opsflow.engine.runtime.TemplateCatalog;
import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.Decider;
import dev.opsflow.engine.template.TemplateCompiler;
import dev.opsflow.store.jdbc.JdbcStores;
import dev.opsflow.store.jdbc.JdbcTaskRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Engines (as server processes would be) on one fresh in-memory H2 database, for restart and takeover
 * tests. Engines are not started: no background loop runs unless the test calls it, so an engine's
 * leases are never renewed. {@link #close} closes the engines, newest first, then the database.
 */
final class H2Engines implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(30);
    private final HikariDataSource ds = new HikariDataSource();
    private final TaskRepository repo;
    private final List<TaskEngine> engines = new ArrayList<>();

    H2Engines() {
        ds.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcStores.migrate(ds);
        repo = new JdbcTaskRepository(ds, new SecretCodec(SecretCodec.newKey()));
    }

    TaskRepository repo() {
        return repo;
    }

    /** @return a new engine with a {@link #LEASE} lease on the shared database */
    TaskEngine engine(String ownerId, Clock clock, PluginRegistry plugins) {
        var expressions = new Expressions();
        var catalog = new TemplateCatalog(repo, r -> new TemplateCompiler(plugins, expressions, r), clock);
        var config = new EngineConfig(ownerId, LEASE, Duration.ofMillis(200), Duration.ofMillis(50), 256,
                Duration.ofSeconds(10));
        var engine = new TaskEngine(repo, catalog, plugins, new Decider(expressions), clock, config);
        engines.add(engine);
        return engine;
    }

    /** @return the state of a node as stored */
    String nodeState(String taskId, String nodeId) {
        return repo.nodes(taskId).stream().filter(n -> n.nodeId().equals(nodeId)).findFirst()
                .map(n -> n.state()).orElse("PENDING");
    }

    @Override
    public void close() {
        for (var e : engines.reversed()) e.close();
        ds.close();
    }
}
