package dev.opsflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.runtime.EngineConfig;
import dev.opsflow.engine.runtime.TaskCreator;
import dev.opsflow.engine.runtime.TaskEngine;
import dev.opsflow.engine.runtime.TemplateCatalog;
import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.Decider;
import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.template.TemplateCompiler;
import dev.opsflow.store.jdbc.JdbcStores;
import dev.opsflow.store.jdbc.JdbcTaskRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Plugin#cancel} after a takeover (as after a restart): it reaches the plugin of an attempt that is
 * WAITING, whatever state it saved, and never that of an attempt that is RUNNING — one whose thread runs in
 * another process (or ran in a dead one) while the new owner is still re-attaching it.
 */
class CancelAfterTakeoverTest {
    static final String FLOW = """
            name: both
            nodes:
              - {id: start, kind: start, next: split}
              - {id: split, kind: parallel, branches: [{to: hold}, {to: ask}]}
              - {id: hold, plugin: recorder, inputs: {mode: hold}, next: join}
              - {id: ask, plugin: recorder, inputs: {mode: wait}, next: join}
              - {id: join, kind: converge, next: end}
              - {id: end, kind: end}
            """;

    /**
     * {@code hold} runs until released; {@code wait} waits for a callback without saving any state.
     * Re-attaching blocks until released; every cancel is recorded.
     */
    static final class Recorder implements Plugin {
        final CountDownLatch holdRelease = new CountDownLatch(1);
        final CountDownLatch reattaching = new CountDownLatch(1);
        final CountDownLatch reattachRelease = new CountDownLatch(1);
        final List<String> cancelled = new CopyOnWriteArrayList<>();

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("recorder", 1, "Recorder", "Holds or waits; records cancels",
                    List.of(FieldSpec.optional("mode", FieldType.STRING, "wait", "hold or wait")), List.of(), false);
        }

        @Override
        public PluginResult execute(PluginContext ctx) throws InterruptedException {
            if (!"hold".equals(ctx.inputs().get("mode"))) return PluginResult.waitForCallback(Map.of());
            holdRelease.await();
            return PluginResult.failed("released");
        }

        @Override
        public Optional<PluginResult> reattach(PluginContext ctx) {
            reattaching.countDown();
            try {
                reattachRelease.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }

        @Override
        public void cancel(PluginContext ctx, String reason) {
            cancelled.add(ctx.nodeId() + " attempt " + ctx.attempt());
        }
    }

    final Recorder recorder = new Recorder();
    final List<AutoCloseable> closeables = new ArrayList<>();
    HikariDataSource ds;
    TaskRepository repo;

    @AfterEach
    void close() throws Exception {
        recorder.reattachRelease.countDown();
        recorder.holdRelease.countDown();
        for (var c : closeables.reversed()) c.close();
    }

    /** Not started: no background loops, so the first engine's lease is never renewed. */
    TaskEngine engine(String ownerId, Clock clock) {
        if (ds == null) {
            ds = new HikariDataSource();
            ds.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            closeables.add(ds);
            JdbcStores.migrate(ds);
            repo = new JdbcTaskRepository(ds, new SecretCodec(SecretCodec.newKey()));
        }
        var plugins = PluginRegistry.of(List.of(recorder));
        var expressions = new Expressions();
        var catalog = new TemplateCatalog(repo, r -> new TemplateCompiler(plugins, expressions, r), clock);
        var config = new EngineConfig(ownerId, Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMillis(50), 256,
                Duration.ofSeconds(10));
        var engine = new TaskEngine(repo, catalog, plugins, new Decider(expressions), clock, config);
        closeables.add(engine);
        return engine;
    }

    String nodeState(String taskId, String nodeId) {
        return repo.nodes(taskId).stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow().state();
    }

    @Test
    void revoking_after_a_takeover_tells_the_waiting_attempts_plugin_and_not_the_running_ones() {
        var first = engine("first", Clock.systemUTC());
        repo.ensureProject("default", null, Clock.systemUTC().instant());
        first.catalog().save("default", "both", FLOW, "test");
        var id = first.creator().create(TaskCreator.Request.of("default", "both", null, null, Map.of(), Set.of(), "test"));
        first.execute(id, new Signal.Start("test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> repo.nodes(id).size() > 3
                && nodeState(id, "hold").equals("RUNNING") && nodeState(id, "ask").equals("WAITING"));

        // ten minutes on, the first engine's lease has expired: the second takes the task over and
        // re-attaches 'hold', whose thread still runs in the first engine
        var second = engine("second", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
        Thread.ofVirtual().start(second::claimOrphans);
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.reattaching.getCount() == 0);
        second.execute(id, new Signal.Revoke("test", "wrong window"));

        // the task is released after the cancels of the revoke are handed out
        await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.cancelled.isEmpty() && second.ownedCount() == 0);
        assertThat(recorder.cancelled).containsExactly("ask attempt 1");
        assertThat(nodeState(id, "hold")).isEqualTo("REVOKED");
        assertThat(nodeState(id, "ask")).isEqualTo("REVOKED");
    }
}
