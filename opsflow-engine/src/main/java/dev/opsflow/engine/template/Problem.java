package dev.opsflow.engine.template;

/**
 * One validation problem.
 *
 * @param nodeId  node at fault, null when the problem is template-wide
 * @param field   the field at fault, e.g. {@code inputs.url}, {@code next}, {@code inputs.version.regex}
 * @param line    1-based source line (YAML or JSON), 0 when unknown
 * @param code    stable machine-readable code, e.g. {@code unknown-plugin}
 * @param message human-readable explanation
 */
public record Problem(String nodeId, String field, int line, String code, String message) {
    @Override
    public String toString() {
        var where = new StringBuilder();
        if (line > 0) where.append("line ").append(line).append(": ");
        if (nodeId != null) where.append("node '").append(nodeId).append("': ");
        if (field != null) where.append(field).append(": ");
        return where + message;
    }
}
