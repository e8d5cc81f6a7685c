package dev.opsflow.engine.template;

import static dev.opsflow.engine.template.ProblemCodes.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.opsflow.engine.template.SourceTree.Obj;

/**
 * Maps a {@link SourceTree} to the {@link Template} model, one problem per unknown, missing or
 * mistyped field. One instance per parse (it collects problems); not thread-safe.
 */
final class ModelReader {
    private static final Set<String> TEMPLATE_FIELDS = Set.of("$schema", "name", "description", "inputs", "outputs", "nodes");
    private static final Set<String> NODE_FIELDS = Set.of("id", "kind", "name", "plugin", "version", "inputs", "next",
            "branches", "timeout", "retry", "onError", "optional", "breakpoint", "loopLimit", "template",
            "templateVersion", "outputs");
    private static final Set<String> BRANCH_FIELDS = Set.of("to", "when", "default");
    private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "backoff", "interval", "maxInterval");
    private static final Set<String> TIMEOUT_FIELDS = Set.of("duration", "action");
    private static final Set<String> VARIABLE_FIELDS = Set.of("type", "required", "default", "regex", "description", "options");

    private final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() {
        return problems;
    }

    Template template(Obj root) {
        unknownFields(root, TEMPLATE_FIELDS, null, "");
        var name = string(root, "name", null);
        if (name == null || name.isBlank()) problem(null, "name", root.line, MISSING_FIELD, "a template needs a name");
        var description = string(root, "description", null);
        var inputs = variables(root);
        var outputs = stringMap(root, "outputs", null, "outputs");
        var nodes = new ArrayList<NodeDef>();
        var rawNodes = root.values.get("nodes");
        if (rawNodes == null) {
            problem(null, "nodes", root.line, MISSING_FIELD, "a template needs nodes");
        } else if (!(rawNodes instanceof List<?> list)) {
            problem(null, "nodes", root.lineOf("nodes"), INVALID_FIELD, "expected a list of nodes");
        } else {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Obj o) {
                    var n = node(o);
                    if (n != null) nodes.add(n);
                } else {
                    problem(null, "nodes[" + i + "]", root.lineOf("nodes"), INVALID_FIELD, "expected a node mapping but got " + describe(list.get(i)));
                }
            }
        }
        return new Template(name, description, inputs, nodes, outputs);
    }

    private Map<String, VariableDef> variables(Obj root) {
        var result = new LinkedHashMap<String, VariableDef>();
        var raw = root.values.get("inputs");
        if (raw == null) return result;
        if (!(raw instanceof Obj inputs)) {
            problem(null, "inputs", root.lineOf("inputs"), INVALID_FIELD, "expected a mapping of variable name to definition");
            return result;
        }
        inputs.values.forEach((name, value) -> {
            int line = inputs.lineOf(name);
            var field = "inputs." + name;
            if (value instanceof String typeName) {
                result.put(name, new VariableDef(name, type(typeName, field, line), null, false, null, null, List.of(), line));
                return;
            }
            if (!(value instanceof Obj v)) {
                problem(null, field, line, INVALID_VARIABLE, "expected a variable definition such as {type: string}");
                result.put(name, new VariableDef(name, VariableType.STRING, null, false, null, null, List.of(), line));
                return;
            }
            unknownFields(v, VARIABLE_FIELDS, null, field + ".");
            var typeName = string(v, "type", null, field + ".type");
            var type = typeName == null ? VariableType.STRING : type(typeName, field + ".type", v.lineOf("type"));
            var options = v.values.get("options");
            List<Object> optionList = List.of();
            if (options instanceof List<?> l) {
                optionList = new ArrayList<>(l.stream().map(SourceTree::plain).toList());
            } else if (options != null) {
                problem(null, field + ".options", v.lineOf("options"), INVALID_VARIABLE, "expected a list of options");
            }
            result.put(name, new VariableDef(name, type, SourceTree.plain(v.values.get("default")),
                    bool(v, "required", null, field + ".required"), string(v, "regex", null, field + ".regex"),
                    string(v, "description", null, field + ".description"), optionList, line));
        });
        return result;
    }

    private VariableType type(String name, String field, int line) {
        try {
            return VariableType.fromWire(name);
        } catch (IllegalArgumentException e) {
            problem(null, field, line, INVALID_VARIABLE, e.getMessage());
            return VariableType.STRING;
        }
    }

    private NodeDef node(Obj o) {
        var id = string(o, "id", null);
        if (id == null || id.isBlank()) {
            problem(null, "id", o.line, MISSING_FIELD, "a node needs an id");
            return null;
        }
        unknownFields(o, NODE_FIELDS, id, "");
        NodeKind kind;
        var kindName = string(o, "kind", id);
        if (kindName != null) {
            try {
                kind = NodeKind.fromWire(kindName);
            } catch (IllegalArgumentException e) {
                problem(id, "kind", o.lineOf("kind"), UNKNOWN_KIND, e.getMessage());
                return null;
            }
        } else if (o.values.containsKey("plugin")) {
            kind = NodeKind.PLUGIN;
        } else if (o.values.containsKey("template")) {
            kind = NodeKind.SUBFLOW;
        } else {
            problem(id, "kind", o.line, MISSING_FIELD, "a node needs a kind (or a plugin)");
            return null;
        }
        onlyFor(o, id, kind, NodeKind.PLUGIN, "plugin", "version");
        onlyFor(o, id, kind, NodeKind.SUBFLOW, "template", "templateVersion", "outputs");
        if (kind != NodeKind.PLUGIN && kind != NodeKind.SUBFLOW && o.values.containsKey("inputs")) {
            problem(id, "inputs", o.lineOf("inputs"), FIELD_NOT_ALLOWED, "'inputs' applies to plugin and subflow nodes only");
        }
        Map<String, Object> inputs = Map.of();
        var rawInputs = o.values.get("inputs");
        if (rawInputs instanceof Obj in) {
            @SuppressWarnings("unchecked")
            var plain = (Map<String, Object>) SourceTree.plain(in);
            inputs = plain;
        } else if (rawInputs != null) {
            problem(id, "inputs", o.lineOf("inputs"), INVALID_FIELD, "expected a mapping of input name to value");
        }
        SubflowRef subflow = null;
        if (kind == NodeKind.SUBFLOW) {
            subflow = new SubflowRef(string(o, "template", id), integer(o, "templateVersion", id),
                    stringMap(o, "outputs", id, "outputs"));
        }
        int loopLimit = 0;
        var limit = integer(o, "loopLimit", id);
        if (limit != null) {
            if (limit < 1) problem(id, "loopLimit", o.lineOf("loopLimit"), INVALID_LOOP_LIMIT, "loopLimit must be at least 1 but was " + limit);
            else loopLimit = limit;
        }
        return new NodeDef(id, kind, string(o, "name", id), string(o, "plugin", id), integer(o, "version", id),
                inputs, next(o, id), branches(o, id), timeout(o, id), retry(o, id), onError(o, id),
                bool(o, "optional", id), bool(o, "breakpoint", id), loopLimit, subflow, o.line);
    }

    private void onlyFor(Obj o, String id, NodeKind kind, NodeKind allowed, String... fields) {
        if (kind == allowed) return;
        for (var f : fields) {
            if (o.values.containsKey(f)) {
                problem(id, f, o.lineOf(f), FIELD_NOT_ALLOWED, "'" + f + "' applies to " + allowed.wireName() + " nodes only");
            }
        }
    }

    private List<String> next(Obj o, String id) {
        var raw = o.values.get("next");
        if (raw == null) return List.of();
        if (raw instanceof String s) return List.of(s);
        if (raw instanceof List<?> l && l.stream().allMatch(v -> v instanceof String)) {
            return l.stream().map(String.class::cast).toList();
        }
        problem(id, "next", o.lineOf("next"), INVALID_FIELD, "expected a node id or a list of node ids");
        return List.of();
    }

    private List<Branch> branches(Obj o, String id) {
        var raw = o.values.get("branches");
        if (raw == null) return List.of();
        if (!(raw instanceof List<?> list)) {
            problem(id, "branches", o.lineOf("branches"), INVALID_FIELD, "expected a list of branches {to, when, default}");
            return List.of();
        }
        var result = new ArrayList<Branch>();
        for (int i = 0; i < list.size(); i++) {
            var field = "branches[" + i + "]";
            if (!(list.get(i) instanceof Obj b)) {
                problem(id, field, o.lineOf("branches"), INVALID_FIELD, "expected a branch {to, when, default}");
                continue;
            }
            unknownFields(b, BRANCH_FIELDS, id, field + ".");
            var to = string(b, "to", id, field + ".to");
            if (to == null) {
                problem(id, field + ".to", b.line, MISSING_FIELD, "a branch needs a target 'to'");
                continue;
            }
            var when = b.values.get("when");
            String condition = when == null ? null : String.valueOf(when);
            if (when instanceof Obj || when instanceof List) {
                problem(id, field + ".when", b.lineOf("when"), INVALID_FIELD, "expected a condition string");
                condition = null;
            }
            result.add(new Branch(to, condition, bool(b, "default", id, field + ".default")));
        }
        return result;
    }

    private TimeoutPolicy timeout(Obj o, String id) {
        var raw = o.values.get("timeout");
        if (raw == null) return null;
        int line = o.lineOf("timeout");
        Object duration = raw;
        var action = TimeoutPolicy.Action.FAIL;
        if (raw instanceof Obj t) {
            unknownFields(t, TIMEOUT_FIELDS, id, "timeout.");
            duration = t.values.get("duration");
            var a = string(t, "action", id, "timeout.action");
            if (a != null) {
                switch (a) {
                    case "fail" -> action = TimeoutPolicy.Action.FAIL;
                    case "fail-and-continue" -> action = TimeoutPolicy.Action.FAIL_AND_CONTINUE;
                    default -> problem(id, "timeout.action", t.lineOf("action"), INVALID_FIELD,
                            "unknown timeout action '" + a + "'; expected fail or fail-and-continue");
                }
            }
            if (duration == null) {
                problem(id, "timeout.duration", t.line, MISSING_FIELD, "a timeout needs a duration");
                return null;
            }
        }
        var d = duration(duration, id, "timeout", line);
        return d == null ? null : new TimeoutPolicy(d, action);
    }

    private RetryPolicy retry(Obj o, String id) {
        var raw = o.values.get("retry");
        if (raw == null) return null;
        if (!(raw instanceof Obj r)) {
            problem(id, "retry", o.lineOf("retry"), INVALID_FIELD, "expected {maxAttempts, backoff, interval, maxInterval}");
            return null;
        }
        unknownFields(r, RETRY_FIELDS, id, "retry.");
        var attempts = integer(r, "maxAttempts", id, "retry.maxAttempts");
        var backoff = RetryPolicy.Backoff.FIXED;
        var b = string(r, "backoff", id, "retry.backoff");
        if (b != null) {
            switch (b) {
                case "fixed" -> backoff = RetryPolicy.Backoff.FIXED;
                case "exponential" -> backoff = RetryPolicy.Backoff.EXPONENTIAL;
                default -> problem(id, "retry.backoff", r.lineOf("backoff"), INVALID_FIELD,
                        "unknown backoff '" + b + "'; expected fixed or exponential");
            }
        }
        var interval = r.values.containsKey("interval") ? duration(r.values.get("interval"), id, "retry.interval", r.lineOf("interval")) : null;
        var max = r.values.containsKey("maxInterval") ? duration(r.values.get("maxInterval"), id, "retry.maxInterval", r.lineOf("maxInterval")) : null;
        // Defaults: three attempts when only a backoff is given, 1s between attempts, no cap.
        return new RetryPolicy(attempts == null ? 3 : attempts, backoff,
                interval == null ? Duration.ofSeconds(1) : interval, max == null ? Duration.ZERO : max);
    }

    private ErrorPolicy onError(Obj o, String id) {
        var s = string(o, "onError", id);
        if (s == null) return null;
        return switch (s) {
            case "fail" -> ErrorPolicy.FAIL;
            case "ignore" -> ErrorPolicy.IGNORE;
            default -> {
                problem(id, "onError", o.lineOf("onError"), INVALID_FIELD, "unknown onError '" + s + "'; expected fail or ignore");
                yield null;
            }
        };
    }

    private Duration duration(Object value, String id, String field, int line) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            problem(id, field, line, INVALID_FIELD, e.getMessage());
            return null;
        }
    }

    private Map<String, String> stringMap(Obj o, String key, String id, String field) {
        var raw = o.values.get(key);
        var result = new LinkedHashMap<String, String>();
        if (raw == null) return result;
        if (!(raw instanceof Obj m)) {
            problem(id, field, o.lineOf(key), INVALID_FIELD, "expected a mapping of name to text");
            return result;
        }
        m.values.forEach((k, v) -> {
            if (v instanceof Obj || v instanceof List || v == null) {
                problem(id, field + "." + k, m.lineOf(k), INVALID_FIELD, "expected text or an expression");
            } else {
                result.put(k, String.valueOf(v));
            }
        });
        return result;
    }

    private String string(Obj o, String key, String id) {
        return string(o, key, id, key);
    }

    private String string(Obj o, String key, String id, String field) {
        var v = o.values.get(key);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof Number || v instanceof Boolean) return String.valueOf(v);
        problem(id, field, o.lineOf(key), INVALID_FIELD, "expected text but got " + describe(v));
        return null;
    }

    private Integer integer(Obj o, String key, String id) {
        return integer(o, key, id, key);
    }

    private Integer integer(Obj o, String key, String id, String field) {
        var v = o.values.get(key);
        if (v == null) return null;
        if (v instanceof Integer i) return i;
        if (v instanceof String s && s.matches("-?\\d{1,9}")) return Integer.parseInt(s);
        problem(id, field, o.lineOf(key), INVALID_FIELD, "expected a whole number but got " + describe(v));
        return null;
    }

    private boolean bool(Obj o, String key, String id) {
        return bool(o, key, id, key);
    }

    private boolean bool(Obj o, String key, String id, String field) {
        var v = o.values.get(key);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if ("true".equals(v) || "false".equals(v)) return Boolean.parseBoolean((String) v);
        problem(id, field, o.lineOf(key), INVALID_FIELD, "expected true or false but got " + describe(v));
        return false;
    }

    private void unknownFields(Obj o, Set<String> known, String id, String prefix) {
        for (var key : o.values.keySet()) {
            if (!known.contains(key)) {
                problem(id, prefix + key, o.lineOf(key), UNKNOWN_FIELD,
                        "unknown field '" + key + "'; expected one of " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    void problem(String id, String field, int line, String code, String message) {
        problems.add(new Problem(id, field, line, code, message));
    }

    static String describe(Object v) {
        if (v instanceof Obj) return "a mapping";
        if (v instanceof List) return "a list";
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }
}
