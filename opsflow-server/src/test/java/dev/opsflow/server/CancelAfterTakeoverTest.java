package dev.opsflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.runtime.TaskCreator;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.Signal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    final H2Engines engines = new H2Engines();
    final TaskRepository repo = engines.repo();

    @AfterEach
    void close() {
        recorder.reattachRelease.countDown();
        recorder.holdRelease.countDown();
        engines.close();
    }

    @Test
    void revoking_after_a_takeover_tells_the_waiting_attempts_plugin_and_not_the_running_ones() {
        var plugins = PluginRegistry.of(List.of(recorder));
        var first = engines.engine("first", Clock.systemUTC(), plugins);
        repo.ensureProject("default", null, Clock.systemUTC().instant());
        first.catalog().save("default", "both", FLOW, "test");
        var id = first.creator().create(TaskCreator.Request.of("default", "both", null, null, Map.of(), Set.of(), "test"));
        first.execute(id, new Signal.Start("test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> engines.nodeState(id, "hold").equals("RUNNING") && engines.nodeState(id, "ask").equals("WAITING"));

        // ten minutes on, the first engine's lease (never renewed: engines are not started) has expired: the
        // second takes the task over and re-attaches 'hold', whose thread still runs in the first engine
        var second = engines.engine("second", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), plugins);
        Thread.ofVirtual().start(second::claimOrphans);
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.reattaching.getCount() == 0);
        second.execute(id, new Signal.Revoke("test", "wrong window"));

        // the task is released after the cancels of the revoke are handed out
        await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.cancelled.isEmpty() && second.ownedCount() == 0);
        assertThat(recorder.cancelled).containsExactly("ask attempt 1");
        assertThat(engines.nodeState(id, "hold")).isEqualTo("REVOKED");
        assertThat(engines.nodeState(id, "ask")).isEqualTo("REVOKED");
    }
}
