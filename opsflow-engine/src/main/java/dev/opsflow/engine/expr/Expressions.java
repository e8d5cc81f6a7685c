package dev.opsflow.engine.expr;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.MapContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The template expression language: {@code ${...}} interpolation and boolean conditions over a
 * sandboxed subset of JEXL. An expression is data, never code: no object creation, class access,
 * reflection, I/O, loops, assignments, lambdas, namespaces or pragmas, and only allowlisted methods
 * (see docs/templates.md). Strict: an unknown reference is an error, never an empty string.
 *
 * <p>Variables at run time are {@code {<input>: value, <node id>: {output: value}, "_system": {...}}}.
 *
 * <p>Thread-safe. Parsed expressions are cached (bounded) because the decider evaluates the same
 * conditions on every step.
 */
public final class Expressions {
    private static final int CACHE_LIMIT = 4096;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JexlEngine jexl = Sandbox.engine();
    private final Map<String, Parsed> cache = new ConcurrentHashMap<>();

    /** A checked expression: the script when valid, else the reasons it was rejected. */
    private record Parsed(JexlScript script, Set<List<String>> references, List<String> problems) {
    }

    /** Creates an expression service with its own sandboxed engine and cache. */
    public Expressions() {
    }

    /**
     * Checks every {@code ${...}} in a value.
     *
     * @param value a String, Map or List (searched deeply); other values have no expressions
     * @return one message per problem ({@code "'${x.getClass()}': method 'getClass' is not allowed..."}),
     *     empty when every expression is valid
     */
    public List<String> check(Object value) {
        var problems = new ArrayList<String>();
        forEachString(value, s -> {
            if (!Interpolation.hasExpression(s)) return;
            var parsed = Interpolation.parse(s);
            if (parsed.error() != null) problems.add(parsed.error());
            for (var part : parsed.parts()) {
                if (part instanceof Interpolation.Expr e) {
                    parse(e.inner()).problems().forEach(p -> problems.add("'" + e.source() + "': " + p));
                }
            }
        });
        return problems;
    }

    /**
     * Checks a gateway branch condition.
     *
     * @param condition a bare expression ({@code a.status == 200}) or one wrapped in {@code ${}}
     * @return problems, empty when valid
     */
    public List<String> checkCondition(String condition) {
        if (condition == null || condition.isBlank()) return List.of("condition is empty");
        String inner;
        try {
            inner = Interpolation.unwrapCondition(condition);
        } catch (ExpressionException e) {
            return List.of(e.getMessage());
        }
        return parse(inner).problems().stream().map(p -> "'" + condition + "': " + p).toList();
    }

    /**
     * @param value a String, Map or List (searched deeply)
     * @return the variable paths used by valid expressions, e.g. {@code [["build","url"],["version"]]};
     *     method calls are not part of a path ({@code version.trim()} gives {@code ["version"]})
     */
    public Set<List<String>> references(Object value) {
        var refs = new LinkedHashSet<List<String>>();
        forEachString(value, s -> {
            if (!Interpolation.hasExpression(s)) return;
            for (var part : Interpolation.parse(s).parts()) {
                if (part instanceof Interpolation.Expr e) refs.addAll(parse(e.inner()).references());
            }
        });
        return refs;
    }

    /**
     * @param condition a bare or wrapped condition
     * @return the variable paths it uses; empty when it is invalid
     */
    public Set<List<String>> conditionReferences(String condition) {
        if (condition == null || condition.isBlank()) return Set.of();
        try {
            return parse(Interpolation.unwrapCondition(condition)).references();
        } catch (ExpressionException e) {
            return Set.of();
        }
    }

    /**
     * Renders a value deeply. A string that is exactly one {@code ${x}} keeps x's type (number,
     * boolean, list, map); any other string is interpolated (null renders empty, maps and lists as
     * JSON). {@code $${} renders a literal {@code ${}. Map keys are not rendered.
     *
     * @param value a String, Map, List or any other value (returned as is)
     * @param vars  the variables map
     * @return the rendered value; maps and lists are new mutable copies
     * @throws ExpressionException on an invalid expression, an unknown reference or an evaluation error
     */
    public Object render(Object value, Map<String, Object> vars) {
        if (value instanceof String s) return renderString(s, vars);
        if (value instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<Object, Object>();
            m.forEach((k, v) -> out.put(k, render(v, vars)));
            return out;
        }
        if (value instanceof Collection<?> c) {
            var out = new ArrayList<>(c.size());
            c.forEach(v -> out.add(render(v, vars)));
            return out;
        }
        return value;
    }

    /**
     * Evaluates a gateway condition.
     *
     * @param condition a bare or wrapped condition
     * @param vars      the variables map
     * @return the boolean result
     * @throws ExpressionException when invalid, on an unknown reference, on an error, or when the
     *     result is not a boolean
     */
    public boolean test(String condition, Map<String, Object> vars) {
        if (condition == null || condition.isBlank()) throw new ExpressionException("condition is empty");
        var inner = Interpolation.unwrapCondition(condition);
        var result = eval(condition, inner, vars);
        if (result instanceof Boolean b) return b;
        throw new ExpressionException("condition '" + condition + "' gave " + describe(result) + ", expected true or false");
    }

    /**
     * Evaluates bare expression text ({@code build.count + 1}); a surrounding {@code ${}} is tolerated.
     *
     * @return the result, arrays as lists; may be null
     * @throws ExpressionException when invalid, on an unknown reference or on an error
     */
    public Object evaluate(String expression, Map<String, Object> vars) {
        if (expression == null || expression.isBlank()) throw new ExpressionException("expression is empty");
        return eval(expression, Interpolation.unwrapCondition(expression), vars);
    }

    /** @return true when the value (deeply) holds at least one {@code ${...}} */
    public boolean containsExpression(Object value) {
        var found = new boolean[1];
        forEachString(value, s -> found[0] |= Interpolation.hasExpression(s));
        return found[0];
    }

    private Object renderString(String s, Map<String, Object> vars) {
        if (!s.contains("${")) return s;
        var parsed = Interpolation.parse(s);
        if (parsed.error() != null) throw new ExpressionException(parsed.error());
        if (parsed.single()) {
            var e = (Interpolation.Expr) parsed.parts().getFirst();
            return eval(e.source(), e.inner(), vars);
        }
        var out = new StringBuilder();
        for (var part : parsed.parts()) {
            switch (part) {
                case Interpolation.Literal l -> out.append(l.text());
                case Interpolation.Expr e -> out.append(stringify(eval(e.source(), e.inner(), vars)));
            }
        }
        return out.toString();
    }

    private Object eval(String source, String inner, Map<String, Object> vars) {
        var parsed = parse(inner);
        if (!parsed.problems().isEmpty()) {
            throw new ExpressionException("invalid expression '" + source + "': " + String.join("; ", parsed.problems()));
        }
        Map<String, Object> scope = vars == null ? Map.of() : vars;
        checkReferences(parsed.references(), scope, source);
        try {
            return normalize(parsed.script().execute(new MapContext(scope)));
        } catch (JexlException e) {
            throw new ExpressionException("cannot evaluate '" + source + "': " + reason(e), e);
        } catch (RuntimeException e) {
            throw new ExpressionException("cannot evaluate '" + source + "': " + e.getMessage(), e);
        }
    }

    /** Strictness JEXL lacks for maps: a missing map key would otherwise evaluate to null. */
    private static void checkReferences(Set<List<String>> refs, Map<String, Object> vars, String source) {
        for (var path : refs) {
            Object current = vars;
            for (int i = 0; i < path.size(); i++) {
                if (!(current instanceof Map<?, ?> m)) break;
                if (!m.containsKey(path.get(i))) {
                    throw new ExpressionException("unknown reference '" + String.join(".", path.subList(0, i + 1))
                            + "' in '" + source + "'");
                }
                current = m.get(path.get(i));
            }
        }
    }

    private Parsed parse(String inner) {
        var cached = cache.get(inner);
        if (cached != null) return cached;
        var parsed = doParse(inner);
        // Why clear instead of LRU: distinct expressions are bounded by stored templates, re-parsing is
        // cheap, and the cache must never grow without limit when user input is rendered.
        if (cache.size() >= CACHE_LIMIT) cache.clear();
        cache.put(inner, parsed);
        return parsed;
    }

    private Parsed doParse(String inner) {
        if (inner.isBlank()) return new Parsed(null, Set.of(), List.of("empty expression"));
        var scanned = ExpressionScanner.scan(inner);
        if (!scanned.problems().isEmpty()) return new Parsed(null, Set.of(), scanned.problems());
        try {
            var script = jexl.createScript(scanned.text());
            var refs = new LinkedHashSet<List<String>>();
            script.getVariables().forEach(p -> refs.add(List.copyOf(p)));
            return new Parsed(script, Set.copyOf(refs), List.of());
        } catch (JexlException.Feature e) {
            return new Parsed(null, Set.of(), List.of(featureReason(e)));
        } catch (JexlException e) {
            return new Parsed(null, Set.of(), List.of("syntax error: " + reason(e)));
        }
    }

    private static String featureReason(JexlException.Feature e) {
        var m = String.valueOf(e.getMessage());
        if (m.contains("assign") || m.contains("side effect")) return "assignments and side effects are not allowed";
        if (m.contains("loop")) return "loops are not allowed";
        if (m.contains("create instance")) return "'new' is not allowed: expressions cannot create objects";
        if (m.contains("lambda") || m.contains("local variable") || m.contains("arrow")) return "local variables and lambdas are not allowed";
        if (m.contains("pragma")) return "pragmas are not allowed";
        if (m.contains("annotation")) return "annotations are not allowed";
        if (m.contains("namespace")) return "namespaces are not allowed";
        if (m.contains("script")) return "only one expression is allowed";
        return "not allowed: " + reason(e);
    }

    /** JEXL messages start with a location ("@1:5 ..."); keep the part an operator can read. */
    private static String reason(JexlException e) {
        var cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !(cause instanceof JexlException)) return cause.getMessage();
        var m = String.valueOf(e.getMessage());
        return m.replaceFirst("^\\S*@\\d+:\\d+\\S*\\s*", "").trim();
    }

    private static Object normalize(Object value) {
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            var list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) list.add(normalize(Array.get(value, i)));
            return list;
        }
        return value;
    }

    private static String stringify(Object value) {
        if (value == null) return "";
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) return JSON.writeValueAsString(value);
        return value.toString();
    }

    private static String describe(Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private static void forEachString(Object value, Consumer<String> action) {
        if (value instanceof String s) action.accept(s);
        else if (value instanceof Map<?, ?> m) m.values().forEach(v -> forEachString(v, action));
        else if (value instanceof Collection<?> c) c.forEach(v -> forEachString(v, action));
    }
}
