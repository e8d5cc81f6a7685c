package dev.opsflow.server.auth;

import dev.opsflow.store.jdbc.JdbcStoreException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /api/**} request (Bearer API token or Basic user:password), except the
 * health check and the OpenAPI document; answers 401 problem+json otherwise; when checking the
 * credentials fails, 503 problem+json naming only the SQLState if the user store's database call failed
 * (as {@code ProblemHandler} answers every other database failure), else 500, with the cause in the log
 * only. Records every mutating request (POST, PUT, DELETE) in the audit log with its status.
 */
@Component
@Order(1)
public class AuthFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);
    /** Request attribute holding the {@link UserService.User}. */
    public static final String USER = "opsflow.user";
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private final UserService users;
    private final AuditLog audit;

    public AuthFilter(UserService users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        var path = req.getRequestURI();
        if (!path.startsWith("/api/") || path.equals("/api/v1/health") || path.startsWith("/api/v1/openapi")) {
            chain.doFilter(req, res);
            return;
        }
        Optional<UserService.User> user;
        try {
            user = authenticate(req.getHeader("Authorization"));
        } catch (RuntimeException e) {
            // Filters run outside Spring MVC, so ProblemHandler never sees this; the container's default
            // error page would answer plain JSON. The cause (it can quote SQL) goes to the log only.
            log.error("authenticating {} {} failed", req.getMethod(), path, e);
            if (e instanceof JdbcStoreException store) {
                problem(res, 503, "Try again", "checking the credentials failed: the database call failed (SQLState "
                        + store.sqlState() + ")", path);
            } else {
                problem(res, 500, "Internal Server Error", "checking the credentials failed; the server log has the cause", path);
            }
            return;
        }
        if (user.isEmpty()) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"opsflow\", Basic realm=\"opsflow\"");
            problem(res, 401, "Unauthorized",
                    "missing or invalid credentials: send 'Authorization: Bearer <token>' or Basic auth", path);
            return;
        }
        req.setAttribute(USER, user.get());
        // an exception that escapes the chain has not set the response status yet: it becomes a 500
        int status = 500;
        try {
            chain.doFilter(req, res);
            status = res.getStatus();
        } finally {
            var m = req.getMethod();
            if (!m.equals("GET") && !m.equals("HEAD") && !m.equals("OPTIONS")) {
                audit.record(user.get().username(), m + " " + path, status);
            }
        }
    }

    /** Answers an RFC 9457 problem (a JSON object written by Jackson: every text escaped). */
    private static void problem(HttpServletResponse res, int status, String title, String detail, String path)
            throws IOException {
        res.setStatus(status);
        res.setContentType("application/problem+json");
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", path);
        res.getWriter().write(JSON.writeValueAsString(body));
    }

    /**
     * @return the username of the request's authenticated user
     * @throws IllegalStateException when called for a request this filter did not authenticate
     */
    public static String actor(HttpServletRequest req) {
        if (!(req.getAttribute(USER) instanceof UserService.User user)) {
            throw new IllegalStateException("request " + req.getRequestURI() + " was not authenticated");
        }
        return user.username();
    }

    private Optional<UserService.User> authenticate(String header) {
        if (header == null) return Optional.empty();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) return users.checkToken(header.substring(7).trim());
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) return Optional.empty();
            return users.checkPassword(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        return Optional.empty();
    }
}
