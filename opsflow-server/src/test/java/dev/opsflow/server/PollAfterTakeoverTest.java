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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A poll that was in flight when its engine stopped is made again by the engine that takes the task
 * over: a due poll clears the node's due time when it is dispatched, so a WAITING node with neither a due
 * time nor a poll running would otherwise wait forever (or until its timeout).
 */
class PollAfterTakeoverTest {
    static final String FLOW = """
            name: polled
            nodes:
              - {id: start, kind: start, next: check}
              - {id: check, plugin: poller, next: end}
              - {id: end, kind: end}
            """;

    /** Waits at once; its first poll hangs (the engine "dies" during it), any later poll succeeds. */
    static final class Poller implements Plugin {
        final AtomicInteger polls = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("poller", 1, "Poller", "Waits, then polls", List.of(), List.of(), false);
        }

        @Override
        public PluginResult execute(PluginContext ctx) {
            return PluginResult.waitUntil(java.time.Instant.now(), Map.of("job", "42"));
        }

        @Override
        public PluginResult poll(PluginContext ctx) throws InterruptedException {
            if (polls.incrementAndGet() == 1) {
                release.await();
                return PluginResult.failed("the first engine's poll must not count");
            }
            return PluginResult.succeeded(Map.of("job", ctx.state().get("job")));
        }
    }

    final Poller poller = new Poller();
    final H2Engines engines = new H2Engines();

    @AfterEach
    void close() {
        poller.release.countDown();
        engines.close();
    }

    @Test
    void the_new_owner_polls_again_when_a_poll_was_in_flight() {
        var plugins = PluginRegistry.of(List.of(poller));
        var first = engines.engine("first", Clock.systemUTC(), plugins);
        engines.repo().ensureProject("default", null, Clock.systemUTC().instant());
        first.catalog().save("default", "polled", FLOW, "test");
        var id = first.creator().create(TaskCreator.Request.of("default", "polled", null, null, Map.of(), Set.of(), "test"));
        first.execute(id, new Signal.Start("test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> poller.polls.get() == 1);
        assertThat(engines.nodeState(id, "check")).isEqualTo("WAITING");

        // ten minutes on, the first engine's lease (never renewed: engines are not started) has expired
        var second = engines.engine("second", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), plugins);
        second.claimOrphans();

        await().atMost(Duration.ofSeconds(30)).until(() -> engines.nodeState(id, "check").equals("FINISHED"));
        assertThat(poller.polls.get()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> engines.repo().findTask(id).orElseThrow().state() == dev.opsflow.engine.task.TaskState.FINISHED);
    }
}
