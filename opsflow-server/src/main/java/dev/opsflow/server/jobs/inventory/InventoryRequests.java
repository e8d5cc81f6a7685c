package dev.opsflow.server.jobs.inventory;

import dev.opsflow.server.auth.AuthFilter;
import dev.opsflow.server.auth.UserService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Request-body helpers of the inventory controllers. Bodies are read as text and parsed here (JSON, or
 * YAML when the content type says so) so that a malformed body answers 400 with a position but never
 * echoes its content (credential bodies hold secrets), and so that unknown fields are rejected by name.
 */
final class InventoryRequests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private InventoryRequests() {
    }

    static String actor(HttpServletRequest req) {
        return ((UserService.User) req.getAttribute(AuthFilter.USER)).username();
    }

    /** @throws IllegalArgumentException for a body that is not one object or has fields outside {@code allowed} */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(String text, HttpServletRequest req, Set<String> allowed) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("request body is empty: expected a JSON object");
        var type = req.getContentType() == null ? "" : req.getContentType();
        Object parsed;
        try {
            parsed = (type.contains("yaml") ? YAML : JSON).readValue(text, Object.class);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException("request body is not valid " + (type.contains("yaml") ? "YAML" : "JSON")
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        }
        if (!(parsed instanceof Map<?, ?> m)) throw new IllegalArgumentException("request body must be a JSON object");
        var unknown = new ArrayList<String>();
        for (var k : m.keySet()) if (!allowed.contains(String.valueOf(k))) unknown.add(String.valueOf(k));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown field(s) " + String.join(", ", unknown) + " (allowed: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
        return (Map<String, Object>) m;
    }

    static String string(Map<String, Object> body, String field) {
        var v = body.get(field);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException(field + ": expected a string");
    }

    static int integer(Map<String, Object> body, String field) {
        var v = body.get(field);
        if (v == null) return 0;
        if (v instanceof Integer i) return i;
        if (v instanceof String s && s.matches("\\d{1,5}")) return Integer.parseInt(s);
        throw new IllegalArgumentException(field + ": expected an integer");
    }

    static List<String> strings(Map<String, Object> body, String field) {
        var v = body.get(field);
        if (v == null) return null;
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException(field + ": expected a list of strings");
        var out = new ArrayList<String>();
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String s)) throw new IllegalArgumentException(field + "[" + i + "]: expected a string");
            out.add(s);
        }
        return out;
    }

    static Map<String, String> labels(Map<String, Object> body, String field) {
        var v = body.get(field);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException(field + ": expected an object of label key to value");
        var out = new LinkedHashMap<String, String>();
        for (var e : m.entrySet()) {
            var value = e.getValue();
            if (value instanceof Map || value instanceof List) {
                throw new IllegalArgumentException(field + "." + e.getKey() + ": a label value must be a string");
            }
            out.put(String.valueOf(e.getKey()), value == null ? "" : String.valueOf(value));
        }
        return out;
    }
}
