package dev.opsflow.engine.template;

import java.util.List;
import java.util.Map;

/**
 * A flow definition as authored in YAML or JSON (see docs/templates.md).
 *
 * @param name        template name, unique in its project
 * @param description free text
 * @param inputs      typed input variables by name, in declaration order
 * @param nodes       the graph's nodes in declaration order
 * @param outputs     task outputs: name to expression, rendered when the task finishes
 */
public record Template(String name, String description, Map<String, VariableDef> inputs,
                       List<NodeDef> nodes, Map<String, String> outputs) {
    public Template {
        inputs = inputs == null ? Map.of() : inputs;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        outputs = outputs == null ? Map.of() : outputs;
    }
}
