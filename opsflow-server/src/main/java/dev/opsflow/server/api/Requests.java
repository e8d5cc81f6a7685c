package dev.opsflow.server.api;

import dev.opsflow.server.auth.AuthFilter;
import dev.opsflow.server.auth.UserService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/** Small helpers shared by the controllers. */
final class Requests {
    private Requests() {
    }

    static String actor(HttpServletRequest req) {
        return ((UserService.User) req.getAttribute(AuthFilter.USER)).username();
    }

    static String string(Map<String, Object> body, String field) {
        if (body == null) return null;
        var v = body.get(field);
        if (v == null) return null;
        if (!(v instanceof String s)) throw new IllegalArgumentException(field + ": expected a string but got " + v);
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> body, String field) {
        if (body == null || body.get(field) == null) return null;
        if (!(body.get(field) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(field + ": expected a JSON object");
        }
        return (Map<String, Object>) m;
    }
}
