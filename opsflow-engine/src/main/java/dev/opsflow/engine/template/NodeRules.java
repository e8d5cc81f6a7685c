package dev.opsflow.engine.template;

import static dev.opsflow.engine.template.ProblemCodes.*;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;

/**
 * Per-node rules: plugin resolution and inputs, subflow references, policies. Collects the
 * resolved plugin descriptors for {@link CompiledTemplate}. One instance per check.
 */
final class NodeRules {
    private final PluginRegistry plugins;
    private final Expressions expressions;
    private final SubflowResolver subflows;
    private final List<Problem> out;

    NodeRules(PluginRegistry plugins, Expressions expressions, SubflowResolver subflows, List<Problem> out) {
        this.plugins = plugins;
        this.expressions = expressions;
        this.subflows = subflows;
        this.out = out;
    }

    void check(NodeDef n, Map<String, PluginDescriptor> resolved) {
        if (n.retry().maxAttempts() < 1) {
            add(n, "retry.maxAttempts", INVALID_RETRY, "retry.maxAttempts must be at least 1 but was " + n.retry().maxAttempts());
        }
        if (n.kind() == NodeKind.PLUGIN) {
            var d = plugin(n);
            if (d != null) {
                resolved.put(n.id(), d);
                inputs(n, d);
            }
        } else if (n.kind() == NodeKind.SUBFLOW) {
            subflow(n);
        }
    }

    private PluginDescriptor plugin(NodeDef n) {
        if (n.plugin() == null || n.plugin().isBlank()) {
            add(n, "plugin", MISSING_PLUGIN, "a plugin node needs a plugin");
            return null;
        }
        var versions = plugins.versions(n.plugin());
        if (versions.isEmpty()) {
            var known = plugins.descriptors().stream().map(PluginDescriptor::code).distinct().sorted().collect(Collectors.joining(", "));
            add(n, "plugin", UNKNOWN_PLUGIN, "unknown plugin '" + n.plugin() + "'; known plugins: " + known);
            return null;
        }
        var p = plugins.find(n.plugin(), n.pluginVersion());
        if (p.isEmpty()) {
            add(n, "version", UNKNOWN_PLUGIN_VERSION, "plugin '" + n.plugin() + "' has no version " + n.pluginVersion()
                    + "; known versions: " + versions.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            return null;
        }
        return p.get().descriptor();
    }

    private void inputs(NodeDef n, PluginDescriptor d) {
        var specs = d.inputs().stream().collect(Collectors.toMap(FieldSpec::name, s -> s, (a, b) -> a));
        n.inputs().forEach((key, value) -> {
            var spec = specs.get(key);
            if (spec == null) {
                add(n, "inputs." + key, UNKNOWN_INPUT, "plugin '" + d.code() + "' has no input '" + key + "'; inputs: "
                        + d.inputs().stream().map(FieldSpec::name).collect(Collectors.joining(", ")));
            } else if (value != null && !expressions.containsExpression(value)) {
                literal(n, spec, value);
            }
        });
        for (var spec : d.inputs()) {
            if (spec.required() && spec.defaultValue() == null && n.inputs().get(spec.name()) == null) {
                add(n, "inputs." + spec.name(), MISSING_INPUT, "plugin '" + d.code() + "' requires input '" + spec.name() + "'");
            }
        }
    }

    private void literal(NodeDef n, FieldSpec spec, Object value) {
        if (!spec.type().accepts(value)) {
            add(n, "inputs." + spec.name(), INPUT_TYPE, "input '" + spec.name() + "' expects " + spec.type().name().toLowerCase()
                    + " but got " + ModelReader.describe(value));
        } else if (spec.type() == FieldType.SELECT && !spec.options().isEmpty()
                && spec.options().stream().noneMatch(o -> String.valueOf(o).equals(String.valueOf(value)))) {
            add(n, "inputs." + spec.name(), INPUT_TYPE, "input '" + spec.name() + "' must be one of " + spec.options() + " but got '" + value + "'");
        }
    }

    private void subflow(NodeDef n) {
        var ref = n.subflow();
        if (ref == null || ref.template() == null || ref.template().isBlank()) {
            add(n, "template", MISSING_SUBFLOW_TEMPLATE, "a subflow node needs the name of its child template");
            return;
        }
        if (subflows == null) return;
        var child = subflows.resolve(ref.template(), ref.version());
        if (child.isEmpty()) {
            add(n, "template", UNKNOWN_SUBFLOW_TEMPLATE, "no template '" + ref.template() + "'"
                    + (ref.version() == null ? "" : " version " + ref.version()));
            return;
        }
        var c = child.get();
        n.inputs().keySet().forEach(key -> {
            if (!c.inputs().containsKey(key)) {
                add(n, "inputs." + key, UNKNOWN_SUBFLOW_INPUT, "template '" + ref.template() + "' has no input '" + key
                        + "'; inputs: " + String.join(", ", c.inputs().keySet()));
            }
        });
        c.inputs().values().forEach(v -> {
            if (v.required() && v.defaultValue() == null && n.inputs().get(v.name()) == null) {
                add(n, "inputs." + v.name(), MISSING_SUBFLOW_INPUT, "template '" + ref.template() + "' requires input '" + v.name() + "'");
            }
        });
        ref.outputs().forEach((parentKey, childName) -> {
            if (!c.outputs().containsKey(childName)) {
                add(n, "outputs." + parentKey, UNKNOWN_SUBFLOW_OUTPUT, "template '" + ref.template() + "' has no output '"
                        + childName + "'; outputs: " + String.join(", ", c.outputs().keySet()));
            }
        });
    }

    private void add(NodeDef n, String field, String code, String message) {
        out.add(new Problem(n.id(), field, n.line(), code, message));
    }
}
