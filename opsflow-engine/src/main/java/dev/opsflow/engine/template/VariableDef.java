package dev.opsflow.engine.template;

import java.util.List;

/**
 * A typed template input, referenced in expressions as {@code ${name}}.
 *
 * @param name         identifier ({@code [A-Za-z_][A-Za-z0-9_]*})
 * @param type         the value type; values are coerced to it when a task is created
 * @param defaultValue used when the task gives no value; may be null
 * @param required     a task must give a value (or the default applies)
 * @param regex        optional Java regex the string form of the value must match in full
 * @param description  shown in forms and docs
 * @param options      allowed values for select / multiselect, else empty
 * @param line         1-based line in the YAML source, 0 when unknown
 */
public record VariableDef(String name, VariableType type, Object defaultValue, boolean required,
                          String regex, String description, List<Object> options, int line) {
    public VariableDef {
        options = options == null ? List.of() : List.copyOf(options);
    }
}
