package dev.opsflow.engine.template;

import static dev.opsflow.engine.template.ProblemCodes.*;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.PluginDescriptor;

/**
 * Expression rules: every {@code ${...}} in node inputs, branch conditions and task outputs must be
 * valid, and every reference must resolve: an input name, a plugin or subflow node id (with a
 * declared output key unless the plugin has open outputs), or {@code _system.<key>}.
 */
final class ReferenceRules {
    /** Keys of the {@code _system} variable the engine provides to every task. */
    static final Set<String> SYSTEM_KEYS = Set.of("task_id", "task_name", "operator", "start_time", "project",
            "template", "template_version");

    private final Template t;
    private final Map<String, NodeDef> byId;
    private final Map<String, PluginDescriptor> plugins;
    private final Expressions expressions;
    private final List<Problem> out;

    ReferenceRules(Template t, Map<String, NodeDef> byId, Map<String, PluginDescriptor> plugins,
                   Expressions expressions, List<Problem> out) {
        this.t = t;
        this.byId = byId;
        this.plugins = plugins;
        this.expressions = expressions;
        this.out = out;
    }

    void check() {
        for (var n : t.nodes()) {
            n.inputs().forEach((key, value) -> value(n.id(), "inputs." + key, n.line(), value));
            for (int i = 0; i < n.branches().size(); i++) {
                var when = n.branches().get(i).when();
                if (when == null || when.isBlank()) continue;
                var field = "branches[" + i + "].when";
                expressions.checkCondition(when).forEach(m -> out.add(new Problem(n.id(), field, n.line(), INVALID_EXPRESSION, m)));
                expressions.conditionReferences(when).forEach(path -> reference(n.id(), field, n.line(), path));
            }
        }
        t.outputs().forEach((key, value) -> value(null, "outputs." + key, 0, value));
    }

    private void value(String nodeId, String field, int line, Object value) {
        expressions.check(value).forEach(m -> out.add(new Problem(nodeId, field, line, INVALID_EXPRESSION, m)));
        expressions.references(value).forEach(path -> reference(nodeId, field, line, path));
    }

    private void reference(String nodeId, String field, int line, List<String> path) {
        var root = path.getFirst();
        var text = String.join(".", path);
        if (t.inputs().containsKey(root)) return;
        if (root.equals("_system")) {
            if (path.size() > 1 && !SYSTEM_KEYS.contains(path.get(1))) {
                out.add(new Problem(nodeId, field, line, UNKNOWN_REFERENCE, "unknown reference '" + text + "'; _system has "
                        + String.join(", ", SYSTEM_KEYS.stream().sorted().toList())));
            }
            return;
        }
        var node = byId.get(root);
        if (node == null) {
            out.add(new Problem(nodeId, field, line, UNKNOWN_REFERENCE, "unknown reference '" + text
                    + "': '" + root + "' is not an input, a plugin or subflow node, or _system"));
            return;
        }
        if (!node.kind().isActivity()) {
            out.add(new Problem(nodeId, field, line, UNKNOWN_REFERENCE, "unknown reference '" + text + "': node '" + root
                    + "' is a " + node.kind().wireName() + " node and has no outputs"));
            return;
        }
        if (path.size() < 2) return;
        var key = path.get(1);
        if (node.kind() == NodeKind.SUBFLOW) {
            var outputs = node.subflow() == null ? Map.<String, String>of() : node.subflow().outputs();
            if (!outputs.containsKey(key)) {
                out.add(new Problem(nodeId, field, line, UNKNOWN_OUTPUT, "subflow node '" + root + "' has no output '" + key
                        + "'; map it under outputs: " + outputs.keySet()));
            }
            return;
        }
        var d = plugins.get(root);
        if (d == null || d.openOutputs()) return; // unknown plugin is reported on its node
        if (d.outputs().stream().noneMatch(o -> o.name().equals(key))) {
            out.add(new Problem(nodeId, field, line, UNKNOWN_OUTPUT, "plugin '" + d.code() + "' of node '" + root
                    + "' has no output '" + key + "'; outputs: " + String.join(", ", d.outputs().stream().map(FieldSpec::name).toList())));
        }
    }
}
