package dev.opsflow.plugins.noop;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.InvalidInputException;
import dev.opsflow.plugins.support.Inputs;
import java.util.List;
import java.util.Map;

/**
 * {@code noop}: does nothing and publishes its {@code outputs} input (sync style). Used for
 * placeholders, wiring values between nodes, and engine tests of retry and onError.
 *
 * <ul>
 *   <li>{@code outputs} (map, default {}): returned as the node's outputs (open outputs); null
 *       values are rejected.</li>
 *   <li>{@code message} (string): written to the node log as an info line.</li>
 *   <li>{@code fail} (string): when non-empty, fails with exactly this reason (outputs kept).</li>
 *   <li>{@code fail_until_attempt} (int): fails with "failing until attempt N (this is attempt K)"
 *       while the 1-based attempt number is below N; so N=3 succeeds on the third attempt.</li>
 * </ul>
 */
public final class NoopPlugin implements Plugin {
    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("noop", 1, "No-op",
            "Does nothing; publishes the given outputs, or fails on request (for tests of retry and error handling).",
            List.of(FieldSpec.optional("outputs", FieldType.MAP, Map.of(), "Outputs to publish"),
                    FieldSpec.optional("message", FieldType.STRING, null, "Written to the node log"),
                    FieldSpec.optional("fail", FieldType.STRING, null, "When non-empty, fail with this reason"),
                    FieldSpec.optional("fail_until_attempt", FieldType.INT, null,
                            "Fail while the attempt number is below this value")),
            List.of(),
            true);

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PluginResult execute(PluginContext ctx) {
        var in = Inputs.of(ctx.inputs());
        try {
            var outputs = in.map("outputs");
            outputs.forEach((k, v) -> {
                if (v == null) throw new InvalidInputException("outputs", "value of '" + k + "' is null");
            });
            in.string("message").ifPresent(ctx.log()::info);
            var fail = in.string("fail");
            if (fail.isPresent()) return new PluginResult.Failed(fail.get(), outputs);
            var until = in.integer("fail_until_attempt");
            if (until.isPresent() && ctx.attempt() < until.get()) {
                return new PluginResult.Failed("failing until attempt " + until.get() + " (this is attempt " + ctx.attempt() + ")",
                        outputs);
            }
            return PluginResult.succeeded(outputs);
        } catch (InvalidInputException e) {
            return PluginResult.failed(e.getMessage());
        }
    }
}
