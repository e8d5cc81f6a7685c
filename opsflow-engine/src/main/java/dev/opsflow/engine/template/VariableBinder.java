package dev.opsflow.engine.template;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds the typed inputs of a template to the values given when a task is created.
 *
 * <p>Coercion (the CLI and forms give strings): int {@code "3"} → 3 (Integer, Long when large);
 * number {@code "2.5"} → 2.5; bool {@code "true"} → true; json and multiselect accept JSON text;
 * hosts accepts a list, JSON text or comma/whitespace separated names; datetime accepts ISO-8601
 * with an offset ({@code 2025-01-31T10:00:00Z}) and keeps the text; string, text, secret, select
 * take scalars as text.
 */
public final class VariableBinder {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private VariableBinder() {
    }

    /**
     * @param t     the template
     * @param given values by variable name, may be null; unknown names are problems
     * @return every declared variable in declaration order with its coerced value or default
     *     (null when optional and absent); unmodifiable, may hold null values
     * @throws TemplateInvalidException with one problem per bad value, fields {@code variables.NAME}
     */
    public static Map<String, Object> bind(Template t, Map<String, Object> given) {
        Map<String, Object> values = given == null ? Map.of() : given;
        var problems = new ArrayList<Problem>();
        for (var name : values.keySet()) {
            if (!t.inputs().containsKey(name)) {
                problems.add(new Problem(null, "variables." + name, 0, ProblemCodes.UNKNOWN_VARIABLE,
                        "template '" + t.name() + "' has no input '" + name + "'; inputs: " + String.join(", ", t.inputs().keySet())));
            }
        }
        var bound = new LinkedHashMap<String, Object>();
        for (var def : t.inputs().values()) {
            var field = "variables." + def.name();
            var raw = values.containsKey(def.name()) ? values.get(def.name()) : def.defaultValue();
            if (raw == null || (raw instanceof String s && s.isEmpty() && def.type() != VariableType.STRING
                    && def.type() != VariableType.TEXT && def.type() != VariableType.SECRET)) {
                if (def.required()) {
                    problems.add(new Problem(null, field, def.line(), ProblemCodes.MISSING_VARIABLE,
                            "input '" + def.name() + "' is required"));
                }
                bound.put(def.name(), null);
                continue;
            }
            try {
                bound.put(def.name(), check(def, coerce(def.type(), raw)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(null, field, def.line(), ProblemCodes.INVALID_VARIABLE_VALUE,
                        "input '" + def.name() + "': " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) throw new TemplateInvalidException(problems);
        return Collections.unmodifiableMap(bound);
    }

    /** @return names of the template's secret inputs, whose values are masked everywhere */
    public static Set<String> secretNames(Template t) {
        var names = new LinkedHashSet<String>();
        t.inputs().values().forEach(d -> {
            if (d.type() == VariableType.SECRET) names.add(d.name());
        });
        return Collections.unmodifiableSet(names);
    }

    /**
     * Coerces and checks one value against its definition (also used to validate defaults).
     *
     * @throws IllegalArgumentException with the reason
     */
    static Object coerceAndCheck(VariableDef def, Object raw) {
        return check(def, coerce(def.type(), raw));
    }

    private static Object check(VariableDef def, Object value) {
        if (def.regex() != null && !def.regex().isEmpty()) {
            Pattern p;
            try {
                p = Pattern.compile(def.regex());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regex '" + def.regex() + "'");
            }
            for (var v : value instanceof Collection<?> c ? c : List.of(value)) {
                if (!p.matcher(String.valueOf(v)).matches()) {
                    throw new IllegalArgumentException("'" + v + "' does not match " + def.regex());
                }
            }
        }
        if (def.type() == VariableType.SELECT) return option(def, value);
        if (def.type() == VariableType.MULTISELECT) {
            var out = new ArrayList<>();
            for (var v : (List<?>) value) out.add(option(def, v));
            return out;
        }
        return value;
    }

    /** Options are matched by text so that "2" selects a YAML option 2; the option's own value is kept. */
    private static Object option(VariableDef def, Object value) {
        for (var o : def.options()) {
            if (String.valueOf(o).equals(String.valueOf(value))) return o;
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + def.options());
    }

    static Object coerce(VariableType type, Object raw) {
        return switch (type) {
            case STRING, TEXT, SECRET, SELECT -> text(raw);
            case INT -> integer(raw);
            case NUMBER -> number(raw);
            case BOOL -> bool(raw);
            case DATETIME -> datetime(raw);
            case MULTISELECT -> list(raw, false);
            case HOSTS -> list(raw, true).stream().map(VariableBinder::text).toList();
            case JSON -> raw instanceof String s ? json(s) : raw;
        };
    }

    private static String text(Object raw) {
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) return String.valueOf(raw);
        throw new IllegalArgumentException("expected text but got " + kind(raw));
    }

    private static Object integer(Object raw) {
        long v;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            v = ((Number) raw).longValue();
        } else if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            v = n.longValue();
        } else if (raw instanceof String s && s.trim().matches("[-+]?\\d{1,18}")) {
            v = Long.parseLong(s.trim());
        } else {
            throw new IllegalArgumentException("expected a whole number but got " + kind(raw));
        }
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
    }

    private static Object number(Object raw) {
        if (raw instanceof Number) return raw;
        if (raw instanceof String s) {
            var t = s.trim();
            if (t.matches("[-+]?\\d{1,18}")) return integer(t);
            try {
                var d = Double.parseDouble(t);
                if (!Double.isNaN(d) && !Double.isInfinite(d) && t.matches("[-+]?[\\d.]+([eE][-+]?\\d+)?")) return d;
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("expected a number but got " + kind(raw));
    }

    private static Boolean bool(Object raw) {
        if (raw instanceof Boolean b) return b;
        if (raw instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.trim());
        }
        throw new IllegalArgumentException("expected true or false but got " + kind(raw));
    }

    private static String datetime(Object raw) {
        if (raw instanceof TemporalAccessor ta) raw = ta.toString();
        if (raw instanceof String s) {
            try {
                OffsetDateTime.parse(s.trim());
                return s.trim();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("expected an ISO-8601 date-time with offset, e.g. 2025-01-31T10:00:00Z, but got " + kind(raw));
    }

    private static List<Object> list(Object raw, boolean separated) {
        if (raw instanceof Collection<?> c) return new ArrayList<>(c);
        if (raw instanceof String s) {
            var t = s.trim();
            if (t.startsWith("[")) {
                if (json(t) instanceof List<?> l) return new ArrayList<>(l);
            } else if (separated) {
                var out = new ArrayList<Object>();
                for (var part : t.split("[,\\s]+")) if (!part.isEmpty()) out.add(part);
                return out;
            }
        }
        throw new IllegalArgumentException("expected a list (or JSON array text) but got " + kind(raw));
    }

    private static Object json(String s) {
        try {
            return JSON.readValue(s, Object.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static String kind(Object raw) {
        if (raw instanceof Map) return "a mapping";
        if (raw instanceof Collection) return "a list";
        return raw instanceof String s ? "'" + s + "'" : String.valueOf(raw);
    }

    /** @return a copy of a bound map with the values of secret inputs replaced, for logs and the API */
    public static Map<String, Object> masked(Template t, Map<String, Object> bound) {
        var secrets = secretNames(t);
        var out = new LinkedHashMap<String, Object>();
        bound.forEach((k, v) -> out.put(k, secrets.contains(k) && v != null ? "******" : v));
        return out;
    }
}
