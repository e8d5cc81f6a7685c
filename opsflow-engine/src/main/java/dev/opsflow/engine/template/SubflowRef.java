package dev.opsflow.engine.template;

import java.util.Map;

/**
 * The child template of a subflow node.
 *
 * @param template name of a template in the same project
 * @param version  pinned version, null = latest at the time the child task is created
 * @param outputs  parent output key to child task output name
 */
public record SubflowRef(String template, Integer version, Map<String, String> outputs) {
    public SubflowRef {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }
}
