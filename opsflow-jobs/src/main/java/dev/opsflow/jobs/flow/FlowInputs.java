package dev.opsflow.jobs.flow;

import dev.opsflow.engine.template.Durations;
import dev.opsflow.exec.Rolling;
import dev.opsflow.jobs.run.StepSpecs;
import dev.opsflow.jobs.run.WholeNumbers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed view of a job plugin attempt's rendered inputs. Rendering turns expressions into strings or
 * JSON values, so each accessor coerces the forms a value may take (an int as 3, 3L or "3"; a list
 * as a JSON list or a comma-separated string) and rejects the rest with an
 * {@link IllegalArgumentException} whose message names the input: {@code input 'timeout': ...}.
 * A blank string counts as absent. Values of sensitive inputs are never echoed in messages.
 */
final class FlowInputs {
    private final Map<String, Object> values;

    private FlowInputs(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    static FlowInputs of(Map<String, Object> values) {
        return new FlowInputs(values);
    }

    static IllegalArgumentException invalid(String input, String problem) {
        return new IllegalArgumentException("input '" + input + "': " + problem);
    }

    boolean has(String name) {
        var v = values.get(name);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    Optional<String> string(String name) {
        return has(name) ? Optional.of(scalar(name, values.get(name), false)) : Optional.empty();
    }

    String required(String name) {
        return string(name).orElseThrow(() -> invalid(name, "is required"));
    }

    Optional<Integer> integer(String name) {
        if (!has(name)) return Optional.empty();
        var v = values.get(name);
        return Optional.of(switch (v) {
            case Number n when WholeNumbers.toInt(n).isPresent() -> WholeNumbers.toInt(n).get();
            case String s when s.trim().matches("-?\\d{1,9}") -> Integer.parseInt(s.trim());
            default -> throw invalid(name, "expected an integer but got " + describe(v));
        });
    }

    Optional<Long> longValue(String name) {
        if (!has(name)) return Optional.empty();
        var v = values.get(name);
        return Optional.of(switch (v) {
            case Number n when WholeNumbers.toLong(n).isPresent() -> WholeNumbers.toLong(n).get();
            case String s when s.trim().matches("-?\\d{1,18}") -> Long.parseLong(s.trim());
            default -> throw invalid(name, "expected an integer but got " + describe(v));
        });
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) return fallback;
        return switch (values.get(name)) {
            case Boolean b -> b;
            case String s when s.trim().equalsIgnoreCase("true") -> true;
            case String s when s.trim().equalsIgnoreCase("false") -> false;
            default -> throw invalid(name, "expected true or false but got " + describe(values.get(name)));
        };
    }

    Optional<Duration> duration(String name) {
        if (!has(name)) return Optional.empty();
        try {
            return Optional.of(Durations.parse(values.get(name)));
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage());
        }
    }

    /** A list of scalars; a string is split on commas (so "web1, web2" and ["web1", "web2"] are the same). */
    List<String> list(String name) {
        if (!has(name)) return List.of();
        var v = values.get(name);
        if (v instanceof List<?> list) {
            var out = new ArrayList<String>(list.size());
            for (int i = 0; i < list.size(); i++) {
                var s = scalar(name + "[" + i + "]", list.get(i), false).trim();
                if (!s.isEmpty()) out.add(s);
            }
            return out;
        }
        return Arrays.stream(scalar(name, v, false).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A list kept as positional values: a single scalar is a one-element list, never split. */
    List<String> args(String name) {
        if (!has(name)) return List.of();
        var v = values.get(name);
        if (!(v instanceof List<?> list)) return List.of(scalar(name, v, false));
        var out = new ArrayList<String>(list.size());
        for (int i = 0; i < list.size(); i++) out.add(scalar(name + "[" + i + "]", list.get(i), false));
        return out;
    }

    Map<String, String> stringMap(String name, boolean sensitive) {
        var out = new LinkedHashMap<String, String>();
        map(name).forEach((k, v) -> out.put(k, v == null ? "" : scalar(name + "." + k, v, sensitive)));
        return out;
    }

    Map<String, Object> map(String name) {
        if (!has(name)) return Map.of();
        if (!(values.get(name) instanceof Map<?, ?> m)) throw invalid(name, "expected a map but got " + describe(values.get(name)));
        var out = new LinkedHashMap<String, Object>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    Object raw(String name) {
        return values.get(name);
    }

    /** {@code {batchSize | batchPercent, onFailure: pause|stop|continue}}, or null when absent. */
    Rolling rolling(String name) {
        if (!has(name)) return null;
        var m = map(name);
        var norm = new LinkedHashMap<String, Object>();
        for (var e : m.entrySet()) {
            switch (e.getKey()) {
                case "batchSize", "batch_size" -> norm.put("batchSize", toInt(name + "." + e.getKey(), e.getValue()));
                case "batchPercent", "batch_percent" -> norm.put("batchPercent", toInt(name + "." + e.getKey(), e.getValue()));
                case "onFailure", "on_failure" -> norm.put("onFailure", e.getValue());
                default -> throw invalid(name, "unknown key '" + e.getKey() + "'; use batchSize, batchPercent and onFailure");
            }
        }
        try {
            return StepSpecs.rolling(norm);
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage());
        }
    }

    private static int toInt(String name, Object v) {
        return FlowInputs.of(Map.of("x", v == null ? "" : v)).integer("x")
                .orElseThrow(() -> invalid(name, "expected an integer"));
    }

    private static String scalar(String name, Object v, boolean sensitive) {
        return switch (v) {
            case String s -> s;
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case null -> throw invalid(name, "must not be null");
            default -> throw invalid(name, "expected a string but got " + (sensitive ? typeName(v) : describe(v)));
        };
    }

    static String describe(Object v) {
        if (v == null) return "null";
        var text = v instanceof String ? "'" + v + "'" : String.valueOf(v);
        if (text.length() > 80) text = text.substring(0, 77) + "...";
        return typeName(v) + " " + text;
    }

    private static String typeName(Object v) {
        return WholeNumbers.typeName(v);
    }
}
