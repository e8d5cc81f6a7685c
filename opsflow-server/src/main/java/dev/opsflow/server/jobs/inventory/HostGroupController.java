package dev.opsflow.server.jobs.inventory;

import dev.opsflow.exec.Host;
import dev.opsflow.jobs.inventory.GroupKind;
import dev.opsflow.jobs.inventory.GroupSpec;
import dev.opsflow.jobs.inventory.InventoryService;
import dev.opsflow.server.api.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Static and dynamic host groups of a project. */
@RestController
@RequestMapping("/api/v1/projects/{project}/host-groups")
public class HostGroupController {
    private static final Set<String> FIELDS = Set.of("name", "kind", "members", "selector");
    private final InventoryService inventory;

    public HostGroupController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @GetMapping
    List<Map<String, Object>> list(@PathVariable String project) {
        return inventory.groups(project).stream().map(InventoryViews::group).toList();
    }

    @PostMapping(consumes = "*/*")
    ResponseEntity<Map<String, Object>> create(@PathVariable String project, @RequestBody(required = false) String text,
                                               HttpServletRequest req) {
        var group = inventory.createGroup(project, spec(RequestBodies.parse(text, req.getContentType(), FIELDS)));
        return ResponseEntity.status(HttpStatus.CREATED).body(InventoryViews.group(group));
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String project, @PathVariable String name) {
        return InventoryViews.group(inventory.group(project, name));
    }

    @PutMapping(path = "/{name}", consumes = "*/*")
    Map<String, Object> update(@PathVariable String project, @PathVariable String name, @RequestBody(required = false) String text,
                               HttpServletRequest req) {
        return InventoryViews.group(inventory.updateGroup(project, name, spec(RequestBodies.parse(text, req.getContentType(), FIELDS))));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String project, @PathVariable String name) {
        inventory.deleteGroup(project, name);
        return ResponseEntity.noContent().build();
    }

    /** The group's hosts as a run would target them now. */
    @GetMapping("/{name}/hosts")
    List<Map<String, Object>> hosts(@PathVariable String project, @PathVariable String name) {
        inventory.group(project, name); // 404 for an unknown group rather than the resolver's 400
        return inventory.groupHosts(project, name).stream().map(HostGroupController::host).toList();
    }

    private static Map<String, Object> host(Host h) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", h.name());
        m.put("address", h.address());
        m.put("port", h.port());
        m.put("os", h.os());
        m.put("labels", new java.util.TreeMap<>(h.labels()));
        return m;
    }

    private static GroupSpec spec(RequestBodies body) {
        var kind = body.has("kind") ? GroupKind.parse(body.string("kind")) : null;
        return new GroupSpec(body.string("name"), kind, body.strings("members"), body.string("selector"));
    }
}
