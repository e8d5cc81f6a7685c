package dev.opsflow.plugins.noop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.TestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoopPluginTest {
    private final NoopPlugin plugin = new NoopPlugin();

    @Test
    void publishesTheGivenOutputs() {
        assertThat(plugin.execute(TestContext.with(Map.of("outputs", Map.of("version", "1.2", "count", 3)))))
                .isEqualTo(PluginResult.succeeded(Map.of("version", "1.2", "count", 3)));
        assertThat(plugin.execute(TestContext.with(Map.of()))).isEqualTo(PluginResult.succeeded(Map.of()));
    }

    @Test
    void logsTheMessage() {
        var ctx = TestContext.with(Map.of("message", "replicas=3"));

        assertThat(plugin.execute(ctx)).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(ctx.recorded().info()).containsExactly("replicas=3");
    }

    @Test
    void failsWithTheGivenReasonKeepingOutputs() {
        assertThat(plugin.execute(TestContext.with(Map.of("fail", "boom", "outputs", Map.of("a", 1)))))
                .isEqualTo(new PluginResult.Failed("boom", Map.of("a", 1)));
        assertThat(plugin.execute(TestContext.with(Map.of("fail", "")))).isInstanceOf(PluginResult.Succeeded.class);
    }

    @Test
    void failsUntilTheGivenAttempt() {
        var ctx = TestContext.with(Map.of("fail_until_attempt", "3"));

        assertThat(plugin.execute(ctx.attempt(1))).isEqualTo(PluginResult.failed("failing until attempt 3 (this is attempt 1)"));
        assertThat(plugin.execute(ctx.attempt(2))).isInstanceOf(PluginResult.Failed.class);
        assertThat(plugin.execute(ctx.attempt(3))).isEqualTo(PluginResult.succeeded(Map.of()));
    }

    @Test
    void aNonIntegerFailUntilAttemptFailsNamingTheInput() {
        assertThat(plugin.execute(TestContext.with(Map.of("fail_until_attempt", "often"))))
                .isEqualTo(PluginResult.failed("input 'fail_until_attempt': expected an integer but got a string 'often'"));
    }
}
