package dev.opsflow.plugins.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.TestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SleepPluginTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private final SleepPlugin plugin = new SleepPlugin();

    @Test
    void executeWaitsUntilNowPlusTheDurationWithoutHoldingAThread() {
        var ctx = TestContext.with(Map.of("duration", "5m"));

        var result = plugin.execute(ctx);

        assertThat(result).isEqualTo(PluginResult.waitUntil(T0.plus(Duration.ofMinutes(5)),
                Map.of("started", T0.toString(), "until", "2026-11-21T10:05:00Z")));
    }

    @Test
    void pollWaitsAgainBeforeTheTimeAndSucceedsAfterIt() {
        var ctx = TestContext.with(Map.of("duration", 30));
        var waiting = (PluginResult.WaitUntil) plugin.execute(ctx);
        ctx.state(waiting.state());

        ctx.settableClock().advance(Duration.ofSeconds(10));
        assertThat(plugin.poll(ctx)).isEqualTo(waiting);

        ctx.settableClock().advance(Duration.ofSeconds(21));
        assertThat(plugin.poll(ctx)).isEqualTo(PluginResult.succeeded(Map.of("slept_ms", 31_000L)));
    }

    @Test
    void aZeroDurationSucceedsAtOnce() {
        assertThat(plugin.execute(TestContext.with(Map.of("duration", "0s"))))
                .isEqualTo(PluginResult.succeeded(Map.of("slept_ms", 0L)));
    }

    @Test
    void aMissingOrMalformedDurationFailsNamingTheInput() {
        assertThat(plugin.execute(TestContext.with(Map.of()))).isEqualTo(PluginResult.failed("input 'duration': is required"));
        assertThat(((PluginResult.Failed) plugin.execute(TestContext.with(Map.of("duration", "a while")))).reason())
                .startsWith("input 'duration': 'a while' is not a duration");
    }
}
