package dev.opsflow.engine.template;

import java.util.List;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.plugin.PluginResult;

/** Small plugins for template tests: noop (open outputs), script v1/v2 (declared inputs and outputs). */
final class TestPlugins {
    private TestPlugins() {
    }

    record Fixed(PluginDescriptor descriptor) implements Plugin {
        @Override
        public PluginResult execute(PluginContext ctx) {
            return PluginResult.succeeded(ctx.inputs());
        }
    }

    static final PluginDescriptor NOOP = new PluginDescriptor("noop", 1, "No-op", "Does nothing",
            List.of(FieldSpec.optional("message", FieldType.STRING, null, "echoed")), List.of(), true);

    static PluginDescriptor script(int version) {
        var inputs = new java.util.ArrayList<>(List.of(
                new FieldSpec("language", FieldType.SELECT, false, "bash", "interpreter", List.of("bash", "python")),
                FieldSpec.required("content", FieldType.TEXT, "script body"),
                FieldSpec.optional("timeoutSeconds", FieldType.INT, 60, "limit"),
                FieldSpec.optional("env", FieldType.MAP, null, "environment")));
        if (version >= 2) inputs.add(FieldSpec.optional("hosts", FieldType.LIST, null, "targets"));
        return new PluginDescriptor("script", version, "Script", "Runs a script", inputs,
                List.of(FieldSpec.optional("exitCode", FieldType.INT, null, "exit code"),
                        FieldSpec.optional("url", FieldType.STRING, null, "published url")), false);
    }

    static PluginRegistry registry() {
        return PluginRegistry.of(List.of(new Fixed(NOOP), new Fixed(script(1)), new Fixed(script(2))));
    }
}
