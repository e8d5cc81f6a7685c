package dev.opsflow.plugins.timer;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.Inputs;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code wait_until}: waits until an instant without holding a thread (poll style).
 *
 * <ul>
 *   <li>Input {@code at} (required): an ISO-8601 instant ({@code 2026-11-21T10:00:00Z}) or an
 *       offset/zoned date-time ({@code 2026-11-21T12:00:00+02:00}); a local time without offset is
 *       rejected, since the server's zone is not the operator's.</li>
 *   <li>A time not after the engine clock succeeds immediately; otherwise {@code WaitUntil(at)} with
 *       state {@code {at}}, and {@link #poll} succeeds once the clock has reached it.</li>
 *   <li>Output {@code at}: the instant waited for, normalized to UTC ISO-8601.</li>
 * </ul>
 */
public final class WaitUntilPlugin implements Plugin {
    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("wait_until", 1, "Wait until",
            "Waits until a point in time without holding a thread; a time in the past continues at once.",
            List.of(FieldSpec.required("at", FieldType.DATETIME, "ISO-8601 instant or offset date-time, e.g. 2026-11-21T10:00:00Z")),
            List.of(FieldSpec.required("at", FieldType.DATETIME, "The instant waited for, UTC")),
            false);

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PluginResult execute(PluginContext ctx) {
        var raw = Inputs.of(ctx.inputs()).raw("at");
        if (raw.isEmpty()) return PluginResult.failed("input 'at': is required");
        var at = Instants.parse(raw.get());
        if (at.isEmpty()) {
            return PluginResult.failed("input 'at': expected an ISO-8601 instant such as 2026-11-21T10:00:00Z or an offset "
                    + "date-time such as 2026-11-21T12:00:00+02:00 but got " + Inputs.describe(raw.get()));
        }
        return decide(ctx, at.get());
    }

    @Override
    public PluginResult poll(PluginContext ctx) {
        return Instants.parse(ctx.state().get("at"))
                .map(at -> decide(ctx, at))
                .orElseGet(() -> PluginResult.failed("wait_until state is missing 'at': " + ctx.state()));
    }

    private static PluginResult decide(PluginContext ctx, Instant at) {
        if (ctx.clock().instant().isBefore(at)) return PluginResult.waitUntil(at, Map.of("at", at.toString()));
        return PluginResult.succeeded(Map.of("at", at.toString()));
    }
}
