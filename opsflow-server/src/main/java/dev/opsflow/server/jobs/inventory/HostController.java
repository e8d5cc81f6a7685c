package dev.opsflow.server.jobs.inventory;

import dev.opsflow.jobs.inventory.ConnectivityCheck;
import dev.opsflow.jobs.inventory.HostSpec;
import dev.opsflow.jobs.inventory.InventoryFormat;
import dev.opsflow.jobs.inventory.InventoryService;
import dev.opsflow.jobs.inventory.LabelSelector;
import dev.opsflow.server.api.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Hosts of a project: CRUD, label-selector listing, import/export and connectivity checks. */
@RestController
@RequestMapping("/api/v1/projects/{project}/hosts")
public class HostController {
    private static final Set<String> FIELDS = Set.of("name", "address", "port", "os", "labels");
    private final InventoryService inventory;
    private final ConnectivityCheck check;

    public HostController(InventoryService inventory, ConnectivityCheck check) {
        this.inventory = inventory;
        this.check = check;
    }

    @GetMapping
    List<Map<String, Object>> list(@PathVariable String project, @RequestParam(required = false) String selector) {
        var hosts = selector == null || selector.isBlank() ? inventory.hosts(project)
                : inventory.hosts(project, LabelSelector.parse(selector));
        return hosts.stream().map(InventoryViews::host).toList();
    }

    @PostMapping(consumes = "*/*")
    ResponseEntity<Map<String, Object>> create(@PathVariable String project, @RequestBody(required = false) String text,
                                               HttpServletRequest req) {
        var host = inventory.createHost(project, spec(RequestBodies.parse(text, req.getContentType(), FIELDS)));
        return ResponseEntity.status(HttpStatus.CREATED).body(InventoryViews.host(host));
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String project, @PathVariable String name) {
        return InventoryViews.host(inventory.host(project, name));
    }

    @PutMapping(path = "/{name}", consumes = "*/*")
    Map<String, Object> update(@PathVariable String project, @PathVariable String name, @RequestBody(required = false) String text,
                               HttpServletRequest req) {
        return InventoryViews.host(inventory.updateHost(project, name, spec(RequestBodies.parse(text, req.getContentType(), FIELDS))));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String project, @PathVariable String name) {
        inventory.deleteHost(project, name);
        return ResponseEntity.noContent().build();
    }

    /** Body {@code {"account": "deploy", "timeoutSeconds": 10}}; {@code account} may be omitted for {@code local}. */
    @PostMapping(path = "/{name}/check", consumes = "*/*")
    Map<String, Object> check(@PathVariable String project, @PathVariable String name, @RequestBody(required = false) String text,
                              HttpServletRequest req) {
        var body = text == null || text.isBlank() ? RequestBodies.of(null)
                : RequestBodies.parse(text, req.getContentType(), Set.of("account", "timeoutSeconds"));
        // 0, like absent, means the check's default
        var seconds = body.integer("timeoutSeconds", 0, 300);
        long start = System.nanoTime();
        var result = check.check(project, name, body.string("account"),
                seconds == null || seconds == 0 ? null : Duration.ofSeconds(seconds));
        return InventoryViews.check(result, (System.nanoTime() - start) / 1_000_000);
    }

    /** Body: the file itself. {@code ?format=ini|yaml|csv}; sniffed from the content when absent. */
    @PostMapping(path = "/import", consumes = "*/*")
    Map<String, Object> importInventory(@PathVariable String project, @RequestParam(required = false) String format,
                                        @RequestBody(required = false) String content) {
        var f = format == null || format.isBlank() ? null : RequestBodies.parameter("format", format, InventoryFormat::parse);
        return InventoryViews.summary(inventory.importInventory(project, content, f));
    }

    @GetMapping("/export")
    ResponseEntity<String> export(@PathVariable String project, @RequestParam(defaultValue = "csv") String format) {
        var f = RequestBodies.parameter("format", format, InventoryFormat::parse);
        if (f == InventoryFormat.YAML) throw RequestBodies.invalidParameter("format", "export supports csv and ini");
        var type = f == InventoryFormat.CSV ? "text/csv" : "text/plain";
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(type + ";charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + project + "-inventory." + f.name().toLowerCase() + "\"")
                .body(inventory.export(project, f));
    }

    private static HostSpec spec(RequestBodies body) {
        var port = body.integer("port"); // its range is the inventory's check (422 with the other problems)
        return new HostSpec(body.string("name"), body.string("address"), port == null ? 0 : port, body.string("os"),
                body.stringMap("labels"));
    }
}
