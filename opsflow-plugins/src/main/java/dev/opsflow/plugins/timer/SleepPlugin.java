package dev.opsflow.plugins.timer;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.InvalidInputException;
import dev.opsflow.plugins.support.Inputs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code sleep}: waits for a duration without holding a thread (poll style).
 *
 * <ul>
 *   <li>Input {@code duration} (required): "30s", "5m", "PT1H" or a number of seconds.</li>
 *   <li>{@link #execute} returns {@code WaitUntil(now + duration)} with state
 *       {@code {started, until}} (ISO-8601 instants, engine clock); a zero duration succeeds at once.</li>
 *   <li>{@link #poll} succeeds once the engine clock has reached {@code until}, else waits again.</li>
 *   <li>Output {@code slept_ms} (int): engine-clock milliseconds from start to the successful poll.</li>
 * </ul>
 */
public final class SleepPlugin implements Plugin {
    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("sleep", 1, "Sleep",
            "Waits for a duration without holding a thread.",
            List.of(FieldSpec.required("duration", FieldType.DURATION, "How long to wait: 30s, 5m, 1h30m, PT1H or seconds")),
            List.of(FieldSpec.required("slept_ms", FieldType.INT, "Milliseconds actually waited (engine clock)")),
            false);

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PluginResult execute(PluginContext ctx) {
        Duration duration;
        try {
            duration = Inputs.of(ctx.inputs()).duration("duration")
                    .orElseThrow(() -> new InvalidInputException("duration", "is required"));
        } catch (InvalidInputException e) {
            return PluginResult.failed(e.getMessage());
        }
        var now = ctx.clock().instant();
        if (duration.isZero()) return PluginResult.succeeded(Map.of("slept_ms", 0L));
        return wait(now, now.plus(duration));
    }

    @Override
    public PluginResult poll(PluginContext ctx) {
        var state = ctx.state();
        var started = Instants.parse(state.get("started"));
        var until = Instants.parse(state.get("until"));
        if (started.isEmpty() || until.isEmpty()) {
            return PluginResult.failed("sleep state is missing 'started' or 'until': " + state);
        }
        var now = ctx.clock().instant();
        if (now.isBefore(until.get())) return wait(started.get(), until.get());
        return PluginResult.succeeded(Map.of("slept_ms", Duration.between(started.get(), now).toMillis()));
    }

    private static PluginResult wait(Instant started, Instant until) {
        return PluginResult.waitUntil(until, Map.of("started", started.toString(), "until", until.toString()));
    }
}
