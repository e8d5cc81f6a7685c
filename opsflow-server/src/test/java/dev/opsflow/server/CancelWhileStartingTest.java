package dev.opsflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.runtime.TaskCreator;
import dev.opsflow.engine.task.Signal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A revoke that lands while a plugin's execute is still starting external work (a job run, say): the
 * work is started anyway and execute returns a wait whose result the engine discards — so the plugin is
 * told through {@link Plugin#cancel}, with the state that execute returned, and the work is not orphaned.
 */
class CancelWhileStartingTest {
    static final String FLOW = """
            name: starting
            nodes:
              - {id: start, kind: start, next: launch}
              - {id: launch, plugin: launcher, next: end}
              - {id: end, kind: end}
            """;

    /** Its execute blocks until released, then returns a wait naming the work it started. */
    static final class Launcher implements Plugin {
        final CountDownLatch executing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> cancelled = new CopyOnWriteArrayList<>();
        final CountDownLatch reattaching = new CountDownLatch(1);
        final CountDownLatch reattachRelease = new CountDownLatch(1);

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("launcher", 1, "Launcher", "Starts work slowly", List.of(), List.of(), false);
        }

        @Override
        public PluginResult execute(PluginContext ctx) throws InterruptedException {
            executing.countDown();
            release.await();
            return PluginResult.waitUntil(Instant.now().plusSeconds(60), Map.of("run_id", "r-" + ctx.attempt()));
        }

        /** After a takeover: finds the work still going, once released. */
        @Override
        public java.util.Optional<PluginResult> reattach(PluginContext ctx) {
            reattaching.countDown();
            try {
                reattachRelease.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return java.util.Optional.of(PluginResult.waitUntil(Instant.now().plusSeconds(60), Map.of("run_id", "found-" + ctx.attempt())));
        }

        @Override
        public void cancel(PluginContext ctx, String reason) {
            cancelled.add(ctx.nodeId() + " " + ctx.state().get("run_id") + ": " + reason);
        }
    }

    final Launcher launcher = new Launcher();
    final H2Engines engines = new H2Engines();

    @AfterEach
    void close() {
        launcher.reattachRelease.countDown();
        launcher.release.countDown();
        engines.close();
    }

    String startTask(dev.opsflow.engine.runtime.TaskEngine engine) {
        engines.repo().ensureProject("default", null, Clock.systemUTC().instant());
        engine.catalog().save("default", "starting", FLOW, "test");
        var id = engine.creator().create(TaskCreator.Request.of("default", "starting", null, null, Map.of(), Set.of(), "test"));
        engine.execute(id, new Signal.Start("test"));
        return id;
    }

    @Test
    void a_revoke_during_execute_cancels_the_work_execute_then_reports() throws Exception {
        var engine = engines.engine("one", Clock.systemUTC(), PluginRegistry.of(List.of(launcher)));
        var id = startTask(engine);
        launcher.executing.await();

        engine.execute(id, new Signal.Revoke("alice", "wrong window"));
        await().atMost(Duration.ofSeconds(30)).until(() -> engines.nodeState(id, "launch").equals("REVOKED"));
        assertThat(launcher.cancelled).isEmpty(); // execute has not returned: nothing is known to cancel yet

        launcher.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> !launcher.cancelled.isEmpty());
        assertThat(launcher.cancelled).singleElement().asString().startsWith("launch r-1: ").contains("revoked by alice");
        assertThat(engines.nodeState(id, "launch")).isEqualTo("REVOKED");
    }

    /** The same after a takeover, while the new owner's plugin is re-attaching to the work it finds. */
    @Test
    void a_revoke_during_reattach_cancels_the_work_reattach_then_reports() throws Exception {
        var plugins = PluginRegistry.of(List.of(launcher));
        var first = engines.engine("first", Clock.systemUTC(), plugins);
        var id = startTask(first);
        launcher.executing.await();

        // ten minutes on, the first engine's lease (never renewed: engines are not started) has expired
        var second = engines.engine("second", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), plugins);
        Thread.ofVirtual().start(second::claimOrphans);
        launcher.reattaching.await();
        second.execute(id, new Signal.Revoke("alice", "wrong window"));
        await().atMost(Duration.ofSeconds(30)).until(() -> engines.nodeState(id, "launch").equals("REVOKED"));

        launcher.reattachRelease.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> !launcher.cancelled.isEmpty());
        assertThat(launcher.cancelled).singleElement().asString().startsWith("launch found-1: ").contains("revoked by alice");
    }
}
