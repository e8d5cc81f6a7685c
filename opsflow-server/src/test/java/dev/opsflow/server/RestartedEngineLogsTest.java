package dev.opsflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.runtime.TaskCreator;
import dev.opsflow.engine.store.LogLine;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An engine that takes over a task (here after the first one stopped) writes the log lines of the
 * attempt in flight after the ones the first engine stored, even when its clock is an hour behind.
 */
class RestartedEngineLogsTest {
    static final String FLOW = """
            name: chatty
            nodes:
              - {id: start, kind: start, next: talk}
              - {id: talk, plugin: chatty, next: end}
              - {id: end, kind: end}
            """;

    /** Logs three lines and waits for a callback, which it answers with one more line. */
    static final class Chatty implements Plugin {
        @Override
        public PluginDescriptor descriptor() {
            return new PluginDescriptor("chatty", 1, "Chatty", "Logs, waits for a callback, logs", List.of(), List.of(),
                    false);
        }

        @Override
        public PluginResult execute(PluginContext ctx) {
            for (int i = 1; i <= 3; i++) ctx.log().stdout("before " + i);
            return PluginResult.waitForCallback(Map.of("asked", true));
        }

        @Override
        public PluginResult callback(PluginContext ctx, Map<String, Object> payload) {
            ctx.log().stdout("after the takeover");
            return PluginResult.succeeded(Map.of());
        }
    }

    final H2Engines engines = new H2Engines();
    final TaskRepository repo = engines.repo();

    @AfterEach
    void close() {
        engines.close();
    }

    @Test
    void the_attempt_in_flight_logs_after_its_stored_lines_on_an_engine_whose_clock_is_an_hour_behind() throws Exception {
        var plugins = PluginRegistry.of(List.of(new Chatty()));
        var first = engines.engine("first", Clock.systemUTC(), plugins);
        repo.ensureProject("default", null, Clock.systemUTC().instant());
        first.catalog().save("default", "chatty", FLOW, "test");
        var id = first.creator().create(TaskCreator.Request.of("default", "chatty", null, null, Map.of(), Set.of(), "test"));
        first.execute(id, new Signal.Start("test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> repo.logs(id, "talk", 1, 1, 0, 10).size() == 3
                && engines.nodeState(id, "talk").equals("WAITING"));
        first.close(); // releases the task, as a restart does once its lease expired

        var behind = engines.engine("behind", Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)), plugins);
        behind.callback(id, "talk", "NODE_CALLBACK", Map.of(), "test");

        await().atMost(Duration.ofSeconds(30)).until(() -> repo.findTask(id).orElseThrow().state() == TaskState.FINISHED
                && repo.logs(id, "talk", 1, 1, 0, 10).size() == 4);
        var lines = repo.logs(id, "talk", 1, 1, 0, 10);
        assertThat(lines).extracting(LogLine::text).containsExactly("before 1", "before 2", "before 3", "after the takeover");
        assertThat(lines).extracting(LogLine::seq).isSorted().doesNotHaveDuplicates();
    }
}
