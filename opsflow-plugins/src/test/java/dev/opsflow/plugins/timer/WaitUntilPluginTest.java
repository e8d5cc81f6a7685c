package dev.opsflow.plugins.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.TestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitUntilPluginTest {
    private final WaitUntilPlugin plugin = new WaitUntilPlugin();

    @Test
    void aTimeInThePastSucceedsImmediately() {
        var result = plugin.execute(TestContext.with(Map.of("at", "2026-11-21T09:59:59Z")));

        assertThat(result).isEqualTo(PluginResult.succeeded(Map.of("at", "2026-11-21T09:59:59Z")));
    }

    @Test
    void aFutureTimeWaitsAndPollSucceedsOnceTheClockReachesIt() {
        var ctx = TestContext.with(Map.of("at", "2026-11-21T12:30:00+02:00"));
        var at = Instant.parse("2026-11-21T10:30:00Z");

        var waiting = plugin.execute(ctx);
        assertThat(waiting).isEqualTo(PluginResult.waitUntil(at, Map.of("at", at.toString())));

        ctx.state(((PluginResult.WaitUntil) waiting).state());
        ctx.settableClock().advance(Duration.ofMinutes(29));
        assertThat(plugin.poll(ctx)).isEqualTo(waiting);
        ctx.settableClock().set(at);
        assertThat(plugin.poll(ctx)).isEqualTo(PluginResult.succeeded(Map.of("at", at.toString())));
    }

    @Test
    void aLocalTimeWithoutOffsetIsRejectedNamingTheInput() {
        var result = plugin.execute(TestContext.with(Map.of("at", "2026-11-21T12:30:00")));

        assertThat(((PluginResult.Failed) result).reason())
                .startsWith("input 'at': expected an ISO-8601 instant")
                .endsWith("but got a string '2026-11-21T12:30:00'");
    }
}
