package dev.opsflow.jobs.run;

import dev.opsflow.engine.template.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the values given for a run to a plan's variables: defaults, required, types (int parsed,
 * select checked against its options, hosts as a list or comma-separated string). Every problem is
 * reported with field {@code variables.<name>}.
 */
public final class VariableBinder {
    private VariableBinder() {
    }

    /** Bound values (String, Long, List of String) and the problems found. */
    public record Bound(Map<String, Object> values, List<Problem> problems) {
    }

    public static Bound bind(List<JobVariable> variables, Map<String, Object> given) {
        var values = new LinkedHashMap<String, Object>();
        var problems = new ArrayList<Problem>();
        var in = given == null ? Map.<String, Object>of() : given;
        var known = variables.stream().map(JobVariable::name).toList();
        for (var name : in.keySet()) {
            if (!known.contains(name)) problems.add(problem(name, "unknown-variable", "the plan has no variable '" + name + "'"));
        }
        for (var v : variables) {
            var raw = in.containsKey(v.name()) ? in.get(v.name()) : v.defaultValue();
            if (raw == null || raw instanceof String s && s.isEmpty() && v.type() != JobVariable.Type.STRING) {
                if (v.required()) problems.add(problem(v.name(), "required", "a value is required"));
                values.put(v.name(), v.type() == JobVariable.Type.HOSTS ? List.of() : raw == null ? "" : raw);
                continue;
            }
            try {
                values.put(v.name(), convert(v, raw));
            } catch (IllegalArgumentException e) {
                problems.add(problem(v.name(), "invalid-value", e.getMessage()));
            }
        }
        return new Bound(values, problems);
    }

    /** @throws IllegalArgumentException when {@code raw} does not fit the variable */
    static Object convert(JobVariable v, Object raw) {
        return switch (v.type()) {
            case STRING, SECRET -> {
                if (raw instanceof Map<?, ?> || raw instanceof List<?>) throw new IllegalArgumentException("expected a string");
                yield raw.toString();
            }
            case INT -> {
                if (raw instanceof Number) {
                    yield WholeNumbers.toLong(raw).orElseThrow(() -> new IllegalArgumentException("expected an integer but got " + raw));
                }
                try {
                    yield Long.parseLong(raw.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected an integer but got '" + raw + "'");
                }
            }
            case SELECT -> {
                var s = raw.toString();
                if (!v.options().contains(s)) throw new IllegalArgumentException("expected one of " + v.options() + " but got '" + s + "'");
                yield s;
            }
            case HOSTS -> {
                List<String> list;
                if (raw instanceof List<?> l) list = l.stream().map(String::valueOf).map(String::trim).toList();
                else list = Arrays.stream(raw.toString().split(",")).map(String::trim).toList();
                list = list.stream().filter(s -> !s.isEmpty()).toList();
                if (list.isEmpty() && v.required()) throw new IllegalArgumentException("at least one target is required");
                yield list;
            }
        };
    }

    private static Problem problem(String name, String code, String message) {
        return new Problem(null, "variables." + name, 0, code, message);
    }
}
