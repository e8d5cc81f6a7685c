package dev.opsflow.plugins.support;

import dev.opsflow.engine.template.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, validating view of a plugin attempt's rendered inputs. Rendering turns expressions into
 * strings or JSON values, so each accessor coerces the forms a value may legitimately take (an int
 * as Integer, Long or "42"; a duration as "30s" or 30) and rejects the rest with an
 * {@link InvalidInputException} naming the input. A blank string counts as absent for optional
 * inputs. Values of {@code sensitive} accessors are never echoed in error messages.
 */
public final class Inputs {
    private final Map<String, Object> values;

    private Inputs(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    /** @param values rendered inputs (may be null) */
    public static Inputs of(Map<String, Object> values) {
        return new Inputs(values);
    }

    /** @return true when the input is present and not a blank string */
    public boolean has(String name) {
        var v = values.get(name);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    /** @return the raw value, or empty when absent or blank */
    public Optional<Object> raw(String name) {
        return has(name) ? Optional.of(values.get(name)) : Optional.empty();
    }

    /** @return a scalar rendered as a string (numbers and booleans are accepted), or empty */
    public Optional<String> string(String name) {
        return raw(name).map(v -> scalar(name, v, false));
    }

    /** @return a required non-blank string */
    public String requiredString(String name) {
        return string(name).orElseThrow(() -> new InvalidInputException(name, "is required"));
    }

    /** @return an integer from Integer, Long or a decimal string, or empty */
    public Optional<Long> integer(String name) {
        return raw(name).map(v -> switch (v) {
            case Integer i -> (long) i;
            case Long l -> l;
            case Number n when n.doubleValue() == Math.rint(n.doubleValue()) -> n.longValue();
            case String s when s.trim().matches("-?\\d{1,18}") -> Long.parseLong(s.trim());
            default -> throw new InvalidInputException(name, "expected an integer but got " + describe(v));
        });
    }

    /** @return a duration ("30s", "5m", "500ms", "PT30S", or a number of seconds), or empty */
    public Optional<Duration> duration(String name) {
        return raw(name).map(v -> {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(name, e.getMessage());
            }
        });
    }

    /** @return a list of scalars as strings (a single scalar counts as a one-element list); empty list when absent */
    public List<String> stringList(String name) {
        var v = raw(name).orElse(null);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) return List.of(scalar(name, v, false));
        var out = new ArrayList<String>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(scalar(name + "[" + i + "]", list.get(i), false));
        }
        return out;
    }

    /**
     * @param sensitive when true, offending values are described by type only (env values, headers)
     * @return a map of string keys to scalar values rendered as strings; empty map when absent
     */
    public Map<String, String> stringMap(String name, boolean sensitive) {
        var out = new LinkedHashMap<String, String>();
        map(name).forEach((k, v) -> out.put(k, scalar(name + "." + k, v, sensitive)));
        return out;
    }

    /** @return a JSON-object-shaped map; empty map when absent */
    public Map<String, Object> map(String name) {
        var v = raw(name).orElse(null);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw new InvalidInputException(name, "expected a map but got " + describe(v));
        var out = new LinkedHashMap<String, Object>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    private static String scalar(String name, Object v, boolean sensitive) {
        return switch (v) {
            case String s -> s;
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case null -> throw new InvalidInputException(name, "must not be null");
            default -> throw new InvalidInputException(name, "expected a string but got "
                    + (sensitive ? typeName(v) : describe(v)));
        };
    }

    /** @return "a list [1, 2]"-style description of a value for error messages, truncated */
    public static String describe(Object v) {
        if (v == null) return "null";
        var text = v instanceof String ? "'" + v + "'" : String.valueOf(v);
        if (text.length() > 80) text = text.substring(0, 77) + "...";
        return typeName(v) + " " + text;
    }

    private static String typeName(Object v) {
        return switch (v) {
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            case Map<?, ?> m -> "a map";
            case List<?> l -> "a list";
            default -> "a " + v.getClass().getSimpleName();
        };
    }
}
