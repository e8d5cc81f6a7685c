package dev.opsflow.engine.plugin;

import java.util.List;
import java.util.Map;

/**
 * Type of a plugin input or output field. {@link #accepts(Object)} checks a literal value (values
 * holding a {@code ${...}} expression are checked at run time after rendering).
 */
public enum FieldType {
    STRING, TEXT, INT, NUMBER, BOOL, SELECT, DURATION, DATETIME, MAP, LIST, ANY, SECRET;

    /**
     * @param value a literal, already-rendered value (never null)
     * @return true when the value fits this type
     */
    public boolean accepts(Object value) {
        return switch (this) {
            case STRING, TEXT, SELECT, SECRET, DATETIME -> value instanceof String;
            case DURATION -> value instanceof String || value instanceof Number;
            case INT -> value instanceof Integer || value instanceof Long
                    || (value instanceof String s && s.matches("-?\\d+"));
            case NUMBER -> value instanceof Number || (value instanceof String s && s.matches("-?\\d+(\\.\\d+)?"));
            case BOOL -> value instanceof Boolean || "true".equals(value) || "false".equals(value);
            case MAP -> value instanceof Map;
            case LIST -> value instanceof List;
            case ANY -> true;
        };
    }
}
