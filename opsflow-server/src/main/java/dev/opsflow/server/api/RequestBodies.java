package dev.opsflow.server.api;

import dev.opsflow.engine.template.Durations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one reader of request-body fields for every controller: one JSON object (as Jackson reads it:
 * maps, lists, strings, numbers, booleans, nulls) seen at a path, so that nested errors name the
 * whole path ({@code script.version}, {@code sources[1].host}, {@code env.HOME}).
 *
 * <p>Every reader returns null for an absent field or a JSON {@code null} (callers apply their
 * defaults) and is strict about everything else: a value of the wrong JSON type, a non-integral
 * number where an integer is expected, or a number out of range throws {@link InvalidFieldException}
 * (answered 400, naming the field and why). Nothing is coerced silently: {@code 1.9} is not version 1,
 * {@code "8080"} is not a port and {@code "yes"} is not {@code true}. String values are never echoed in
 * messages, as bodies may hold secrets.
 *
 * <p>The one deliberate leniency is in {@link #stringMap} (environment variables, labels): YAML bodies
 * write {@code port: 8080} and {@code canary: true} unquoted, so integers and booleans are taken as their
 * text there. Decimal numbers are refused even there, as {@code 1.10} would arrive as "1.1".
 */
public final class RequestBodies {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    private final Map<String, Object> body;
    private final String path;

    private RequestBodies(Map<String, Object> body, String path) {
        this.body = body == null ? Map.of() : body;
        this.path = path;
    }

    /** @param body a request body as Spring binds {@code @RequestBody Map}; null (no body) reads as empty */
    public static RequestBodies of(Map<String, Object> body) {
        return new RequestBodies(body, "");
    }

    /**
     * Parses a body sent as text: YAML when {@code contentType} contains "yaml", else JSON. The body's
     * content is never echoed (credential bodies hold secrets): a syntax error names line and column only.
     *
     * @param allowed the only top-level field names accepted
     * @return a reader of the body's one JSON object
     * @throws IllegalArgumentException for an empty or unparsable body, one that is not an object, or
     *                                  one with fields outside {@code allowed} (all named)
     */
    @SuppressWarnings("unchecked")
    public static RequestBodies parse(String text, String contentType, Set<String> allowed) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("request body is empty: expected a JSON object");
        var yaml = contentType != null && contentType.contains("yaml");
        Object parsed;
        try {
            parsed = (yaml ? YAML : JSON).readValue(text, Object.class);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException("request body is not valid " + (yaml ? "YAML" : "JSON")
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        }
        if (!(parsed instanceof Map<?, ?> m)) throw new IllegalArgumentException("request body must be a JSON object");
        var unknown = new ArrayList<String>();
        for (var k : m.keySet()) if (!allowed.contains(String.valueOf(k))) unknown.add(String.valueOf(k));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown field(s) " + String.join(", ", unknown) + " (allowed: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
        return of((Map<String, Object>) m);
    }

    /**
     * A duration given outside a body (a {@code ?timeout=} query parameter), in the forms of
     * {@link Durations#parse}: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code PT30S}, seconds.
     *
     * @return null for null text
     * @throws InvalidFieldException naming {@code field} for anything else
     */
    public static Duration duration(String field, String text) {
        return of(text == null ? null : Map.of(field, text)).duration(field);
    }

    /** @return the path of this object in the request body: "" for the body itself, {@code script}, {@code sources[1]} */
    public String path() {
        return path;
    }

    /** @return the path of {@code field} in the request body, e.g. {@code script.version} */
    public String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** @return an error about {@code field} (its path added), for domain checks that readers cannot make */
    public InvalidFieldException invalid(String field, String reason) {
        return new InvalidFieldException(path(field), reason);
    }

    /**
     * An error about request input outside a body (a query parameter such as {@code ?state=}): answered
     * 400 naming {@code name} as the problem's {@code field}, as for a body field.
     *
     * @param reason why it was refused, e.g. {@code must be 1 to 1000}
     */
    public static InvalidFieldException invalidParameter(String name, String reason) {
        return new InvalidFieldException(name, reason);
    }

    /**
     * Parses query parameter {@code name} with {@code parse}; its {@link IllegalArgumentException} becomes an
     * {@link #invalidParameter} naming {@code name} (a message that starts with {@code name: } keeps one prefix).
     *
     * @return the parsed value, or null when {@code value} is null
     */
    public static <T> T parameter(String name, String value, java.util.function.Function<String, T> parse) {
        if (value == null) return null;
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            var reason = String.valueOf(e.getMessage());
            throw invalidParameter(name, reason.startsWith(name + ": ") ? reason.substring(name.length() + 2) : reason);
        }
    }

    /**
     * @return {@code value} of query parameter {@code name} (a page size such as {@code ?limit=})
     * @throws InvalidFieldException naming {@code name} unless it is 1 to {@code max}
     */
    public static int limit(String name, int value, int max) {
        if (value < 1 || value > max) throw invalidParameter(name, "must be 1 to " + max + " but was " + value);
        return value;
    }

    /** @return true when the field is present and not null */
    public boolean has(String field) {
        return body.get(field) != null;
    }

    /** @throws InvalidFieldException unless the value is a JSON string */
    public String string(String field) {
        var v = body.get(field);
        if (v == null || v instanceof String) return (String) v;
        throw invalid(field, "expected a string but got " + describe(v));
    }

    /**
     * @return the string, never null or blank
     * @throws InvalidFieldException "required" when absent or blank, or for a value that is not a string
     */
    public String requiredString(String field) {
        var s = string(field);
        if (s == null || s.isBlank()) throw invalid(field, "required");
        return s;
    }

    /** An integer within the range of {@code int}; see {@link #integer(String, int, int)}. */
    public Integer integer(String field) {
        return integer(field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @return the integer; a JSON number with a zero fraction ({@code 2.0}) counts as integral
     * @throws InvalidFieldException for a non-integral number, a value outside {@code min..max}, or a
     *                               value that is not a number (a string, even "2", is refused)
     */
    public Integer integer(String field, int min, int max) {
        var n = integral(field, BigDecimal.valueOf(min), BigDecimal.valueOf(max));
        return n == null ? null : n.intValue();
    }

    /** As {@link #integer(String, int, int)} for a {@code long}. */
    public Long longInteger(String field, long min, long max) {
        var n = integral(field, BigDecimal.valueOf(min), BigDecimal.valueOf(max));
        return n == null ? null : n.longValue();
    }

    /** @throws InvalidFieldException unless the value is JSON {@code true} or {@code false} */
    public Boolean bool(String field) {
        var v = body.get(field);
        if (v == null || v instanceof Boolean) return (Boolean) v;
        throw invalid(field, "expected true or false but got " + describe(v));
    }

    /** @return the boolean, or {@code absent} when the field is absent or null */
    public boolean bool(String field, boolean absent) {
        var b = bool(field);
        return b == null ? absent : b;
    }

    /** @return a JSON object as is (variables, inputs, outputs: free-form) @throws InvalidFieldException for any other type */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String field) {
        var v = body.get(field);
        if (v == null || v instanceof Map) return (Map<String, Object>) v;
        throw invalid(field, "expected an object but got " + describe(v));
    }

    /** @return a reader of the nested object {@code field}, whose errors name {@code field.x}; null when absent */
    public RequestBodies object(String field) {
        var m = map(field);
        return m == null ? null : new RequestBodies(m, path(field));
    }

    /** @return readers of a list of objects, whose errors name {@code field[i].x}; null when absent */
    @SuppressWarnings("unchecked")
    public List<RequestBodies> objects(String field) {
        var list = list(field, "a list of objects");
        if (list == null) return null;
        var out = new ArrayList<RequestBodies>();
        for (int i = 0; i < list.size(); i++) {
            var element = path(field) + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new InvalidFieldException(element, "expected an object but got " + describe(list.get(i)));
            }
            out.add(new RequestBodies((Map<String, Object>) m, element));
        }
        return out;
    }

    /** @return a list whose every element is a JSON string @throws InvalidFieldException naming {@code field[i]} otherwise */
    public List<String> strings(String field) {
        var list = list(field, "a list of strings");
        if (list == null) return null;
        var out = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new InvalidFieldException(path(field) + "[" + i + "]", "expected a string but got " + describe(list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /**
     * An object of text values, in body order: strings as they are, integers and booleans as their JSON
     * text, null as "".
     *
     * @throws InvalidFieldException naming {@code field.key} for a decimal number, an object or a list
     */
    public Map<String, String> stringMap(String field) {
        var m = map(field);
        if (m == null) return null;
        var out = new LinkedHashMap<String, String>();
        m.forEach((k, v) -> {
            var key = String.valueOf(k);
            if (v == null || v instanceof String || v instanceof Boolean) {
                out.put(key, v == null ? "" : v.toString());
            } else if (v instanceof Number n && !isDecimal(n)) {
                out.put(key, n.toString());
            } else if (v instanceof Number) {
                throw new InvalidFieldException(path(field) + "." + key,
                        "expected a string but got a decimal number; quote it so that its digits are kept as written");
            } else {
                throw new InvalidFieldException(path(field) + "." + key, "expected a string but got " + describe(v));
            }
        });
        return out;
    }

    /**
     * @return a duration in the forms of {@link Durations#parse} ({@code "30s"}, {@code "5m"}, {@code "PT30S"},
     *         or a number of seconds)
     * @throws InvalidFieldException with the accepted forms for anything else
     */
    public Duration duration(String field) {
        var v = body.get(field);
        if (v == null) return null;
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw invalid(field, e.getMessage());
        }
    }

    private List<?> list(String field, String expected) {
        var v = body.get(field);
        if (v == null || v instanceof List) return (List<?>) v;
        throw invalid(field, "expected " + expected + " but got " + describe(v));
    }

    /** Messages about integer fields show the number: counts, ports and versions are no secrets. */
    private BigDecimal integral(String field, BigDecimal min, BigDecimal max) {
        var v = body.get(field);
        if (v == null) return null;
        if (!(v instanceof Number n)) {
            throw invalid(field, "expected an integer but got " + describe(v));
        }
        var exact = exact(n);
        if (exact == null) throw invalid(field, "expected an integer but got " + n);
        var shown = exact.stripTrailingZeros().toPlainString();
        if (exact.stripTrailingZeros().scale() > 0) throw invalid(field, "expected an integer but got " + shown);
        if (exact.compareTo(min) < 0 || exact.compareTo(max) > 0) {
            var range = min.equals(INT_MIN) && max.equals(INT_MAX) ? "an integer within the 32-bit range"
                    : "an integer from " + min.toPlainString() + " to " + max.toPlainString();
            throw invalid(field, "expected " + range + " but got " + shown);
        }
        return exact;
    }

    /** The number's exact value; null for NaN and infinities (YAML's .nan and .inf). */
    private static BigDecimal exact(Number n) {
        return switch (n) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Double d when d.isNaN() || d.isInfinite() -> null;
            case Float f when f.isNaN() || f.isInfinite() -> null;
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> new BigDecimal(f.toString());
            default -> BigDecimal.valueOf(n.longValue());
        };
    }

    private static boolean isDecimal(Number n) {
        return n instanceof Double || n instanceof Float || n instanceof BigDecimal;
    }

    /** The JSON type of a value, never the value: a password written unquoted in YAML is a number. */
    private static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            case Number n -> "a number";
            default -> "a " + v.getClass().getSimpleName();
        };
    }
}
