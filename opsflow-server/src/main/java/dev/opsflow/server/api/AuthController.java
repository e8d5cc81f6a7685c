package dev.opsflow.server.api;

import dev.opsflow.server.auth.AuthFilter;
import dev.opsflow.server.auth.UserService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API tokens and the current user. */
@RestController
@RequestMapping("/api/v1")
public class AuthController {
    private final UserService users;

    public AuthController(UserService users) {
        this.users = users;
    }

    @GetMapping("/health")
    Map<String, Object> health() {
        return Map.of("status", "UP");
    }

    @GetMapping("/me")
    Map<String, Object> me(HttpServletRequest req) {
        var u = (UserService.User) req.getAttribute(AuthFilter.USER);
        return Map.of("username", u.username(), "roles", u.roles());
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@RequestBody(required = false) Map<String, Object> body, HttpServletRequest req) {
        var name = RequestBodies.of(body).string("name");
        return users.createToken(AuthFilter.actor(req), name == null ? "cli" : name);
    }

    @GetMapping("/tokens")
    List<UserService.TokenInfo> list(HttpServletRequest req) {
        return users.tokens(AuthFilter.actor(req));
    }

    @DeleteMapping("/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, HttpServletRequest req) {
        if (!users.deleteToken(AuthFilter.actor(req), id)) throw new NoSuchElementException("no token '" + id + "'");
    }
}
