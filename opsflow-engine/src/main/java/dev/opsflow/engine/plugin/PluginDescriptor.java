package dev.opsflow.engine.plugin;

import java.util.List;

/**
 * What a plugin is and what it takes and returns.
 *
 * @param code        identifier used in templates ({@code plugin: script})
 * @param version     integer version; a template may pin one ({@code version: 1})
 * @param title       short human title
 * @param description what it does, one paragraph
 * @param inputs      input schema; unknown inputs are a validation error
 * @param outputs     declared outputs
 * @param openOutputs true when the plugin may publish outputs beyond {@code outputs} (e.g. script
 *                    marker lines), so references to undeclared keys are allowed
 */
public record PluginDescriptor(String code, int version, String title, String description,
                               List<FieldSpec> inputs, List<FieldSpec> outputs, boolean openOutputs) {
    public PluginDescriptor {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
