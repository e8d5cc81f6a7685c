package dev.opsflow.engine.plugin;

import java.util.List;

/**
 * Schema of one plugin input or output. Drives template validation and (later) the UI's forms.
 *
 * @param name         key in the inputs/outputs map
 * @param type         value type
 * @param required     validation fails when a required input is missing and has no default
 * @param defaultValue applied by the engine when the input is absent; may be null
 * @param description  one line for docs and forms
 * @param options      allowed values for {@link FieldType#SELECT}, else empty
 */
public record FieldSpec(String name, FieldType type, boolean required, Object defaultValue,
                        String description, List<Object> options) {
    public FieldSpec {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** @return a required field without default */
    public static FieldSpec required(String name, FieldType type, String description) {
        return new FieldSpec(name, type, true, null, description, List.of());
    }

    /** @return an optional field with a default (may be null) */
    public static FieldSpec optional(String name, FieldType type, Object defaultValue, String description) {
        return new FieldSpec(name, type, false, defaultValue, description, List.of());
    }
}
