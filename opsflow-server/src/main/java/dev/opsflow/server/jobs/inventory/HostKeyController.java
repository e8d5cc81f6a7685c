package dev.opsflow.server.jobs.inventory;

import dev.opsflow.jobs.inventory.HostKeyService;
import dev.opsflow.server.auth.AuthFilter;
import dev.opsflow.server.api.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Accepted SSH host keys of a project's hosts and the project's policy for unknown keys. */
@RestController
@RequestMapping("/api/v1/projects/{project}")
public class HostKeyController {
    private final HostKeyService hostKeys;

    public HostKeyController(HostKeyService hostKeys) {
        this.hostKeys = hostKeys;
    }

    @GetMapping("/host-keys")
    List<Map<String, Object>> list(@PathVariable String project) {
        return hostKeys.keys(project).stream().map(InventoryViews::hostKey).toList();
    }

    /** Forgets a key so the next connection accepts the host's current key (trust on first use). */
    @DeleteMapping("/host-keys")
    ResponseEntity<Void> forget(@PathVariable String project, @RequestParam String address, @RequestParam(defaultValue = "22") int port) {
        hostKeys.forget(project, address, port);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/settings/host-key-policy")
    Map<String, Object> policy(@PathVariable String project) {
        return Map.of("policy", hostKeys.policy(project).name());
    }

    /** Body {@code {"policy": "STRICT"}} or {@code TRUST_ON_FIRST_USE} (also {@code tofu}). */
    @PutMapping(path = "/settings/host-key-policy", consumes = "*/*")
    Map<String, Object> setPolicy(@PathVariable String project, @RequestBody(required = false) String text, HttpServletRequest req) {
        var body = RequestBodies.parse(text, req.getContentType(), Set.of("policy"));
        var policy = HostKeyService.parsePolicy(body.string("policy"));
        return Map.of("policy", hostKeys.setPolicy(project, policy, AuthFilter.actor(req)).name());
    }
}
