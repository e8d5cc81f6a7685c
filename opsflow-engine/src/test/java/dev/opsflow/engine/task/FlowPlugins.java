package dev.opsflow.engine.task;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.template.Durations;
import java.util.List;
import java.util.Map;

/**
 * Test plugins for decider tests, deterministic and side-effect free:
 * <ul>
 *   <li>{@code noop}: succeeds with its {@code outputs} map input, or fails with its {@code fail} input;</li>
 *   <li>{@code approval}: waits for a callback; the callback's {@code approved} flag decides;</li>
 *   <li>{@code sleep}: waits until {@code duration} after the attempt started, then succeeds.</li>
 * </ul>
 */
final class FlowPlugins {
    private FlowPlugins() {
    }

    static PluginRegistry registry() {
        return PluginRegistry.of(List.of(new Noop(), new Approval(), new Sleep()));
    }

    static final class Noop implements Plugin {
        private static final PluginDescriptor D = new PluginDescriptor("noop", 1, "No-op", "Echoes its outputs input",
                List.of(FieldSpec.optional("outputs", FieldType.MAP, null, "outputs to publish"),
                        FieldSpec.optional("fail", FieldType.STRING, null, "fail with this reason when set")),
                List.of(), true);

        @Override
        public PluginDescriptor descriptor() {
            return D;
        }

        @Override
        @SuppressWarnings("unchecked")
        public PluginResult execute(PluginContext ctx) {
            if (ctx.inputs().get("fail") instanceof String reason && !reason.isEmpty()) return PluginResult.failed(reason);
            var out = ctx.inputs().get("outputs");
            return PluginResult.succeeded(out instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
        }
    }

    static final class Approval implements Plugin {
        private static final PluginDescriptor D = new PluginDescriptor("approval", 1, "Approval", "Waits for an operator",
                List.of(FieldSpec.optional("message", FieldType.STRING, null, "shown to approvers")),
                List.of(FieldSpec.optional("approved", FieldType.BOOL, null, "decision"),
                        FieldSpec.optional("comment", FieldType.STRING, null, "approver's comment")), false);

        @Override
        public PluginDescriptor descriptor() {
            return D;
        }

        @Override
        public PluginResult execute(PluginContext ctx) {
            return PluginResult.waitForCallback(Map.of("asked", true));
        }

        @Override
        public PluginResult callback(PluginContext ctx, Map<String, Object> payload) {
            if (Boolean.TRUE.equals(payload.get("approved"))) {
                return PluginResult.succeeded(Map.of("approved", true, "comment", payload.getOrDefault("comment", "")));
            }
            return PluginResult.failed("rejected: " + payload.getOrDefault("comment", ""));
        }
    }

    static final class Sleep implements Plugin {
        private static final PluginDescriptor D = new PluginDescriptor("sleep", 1, "Sleep", "Waits without a thread",
                List.of(FieldSpec.optional("duration", FieldType.DURATION, "1s", "how long")), List.of(), false);

        @Override
        public PluginDescriptor descriptor() {
            return D;
        }

        @Override
        public PluginResult execute(PluginContext ctx) {
            var d = Durations.parse(String.valueOf(ctx.inputs().getOrDefault("duration", "1s")));
            return PluginResult.waitUntil(ctx.clock().instant().plus(d), Map.of("slept", d.toMillis()));
        }

        @Override
        public PluginResult poll(PluginContext ctx) {
            return PluginResult.succeeded(Map.of());
        }
    }
}
