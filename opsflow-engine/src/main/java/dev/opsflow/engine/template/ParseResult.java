package dev.opsflow.engine.template;

import java.util.List;

/**
 * Outcome of {@link TemplateParser#parse}.
 *
 * @param template the template, null when the source is not a YAML/JSON object at all; may be
 *                 partial (fields with problems left at their defaults) when problems is not empty
 * @param problems format problems (syntax, unknown or mistyped fields), in source order
 */
public record ParseResult(Template template, List<Problem> problems) {
    public ParseResult {
        problems = List.copyOf(problems);
    }

    /** @return true when the source parsed without any problem */
    public boolean ok() {
        return template != null && problems.isEmpty();
    }
}
