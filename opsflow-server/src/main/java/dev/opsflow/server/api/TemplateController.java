package dev.opsflow.server.api;

import dev.opsflow.engine.runtime.TemplateCatalog;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.store.TemplateVersionRecord;
import dev.opsflow.server.auth.AuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Projects and versioned templates. */
@RestController
@RequestMapping("/api/v1/projects")
public class TemplateController {
    private final TemplateCatalog catalog;
    private final TaskRepository repository;
    private final Clock clock;

    public TemplateController(TemplateCatalog catalog, TaskRepository repository, Clock clock) {
        this.catalog = catalog;
        this.repository = repository;
        this.clock = clock;
    }

    @GetMapping
    List<Map<String, Object>> projects() {
        return repository.projects().stream().map(p -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", p[0]);
            m.put("description", p.length > 1 ? p[1] : null);
            return (Map<String, Object>) m;
        }).toList();
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> createProject(@RequestBody Map<String, Object> body) {
        var b = RequestBodies.of(body);
        var name = b.string("name");
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            throw b.invalid("name", "a project name is 1-63 characters of a-z, 0-9, '_' and '-'");
        }
        repository.ensureProject(name, b.string("description"), clock.instant());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("name", name));
    }

    @GetMapping("/{project}/templates")
    List<Map<String, Object>> list(@PathVariable String project) {
        return repository.listTemplates(project).stream().map(r -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", r.name());
            m.put("latestVersion", r.version());
            m.put("description", r.description());
            m.put("updatedAt", r.createdAt().toString());
            return (Map<String, Object>) m;
        }).toList();
    }

    @PutMapping(path = "/{project}/templates/{name}", consumes = "*/*")
    ResponseEntity<Map<String, Object>> save(@PathVariable String project, @PathVariable String name,
                                             @RequestBody String source, HttpServletRequest req) {
        requireProject(project);
        var r = catalog.save(project, name, source, AuthFilter.actor(req));
        return ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("name", r.name(), "version", r.version(), "created", r.created()));
    }

    @PostMapping(path = "/{project}/templates/validate", consumes = "*/*")
    Map<String, Object> validate(@PathVariable String project, @RequestBody String source) {
        var problems = catalog.validate(project, source);
        return Map.of("valid", problems.isEmpty(), "problems", problems);
    }

    @GetMapping("/{project}/templates/{name}")
    Map<String, Object> get(@PathVariable String project, @PathVariable String name,
                            @RequestParam(required = false) Integer version) {
        var r = repository.findTemplate(project, name, version).orElseThrow(() -> new NoSuchElementException(
                "template '" + name + "'" + (version == null ? "" : " version " + version) + " does not exist in project '"
                        + project + "'"));
        var m = view(r);
        m.put("source", r.source());
        m.put("model", catalog.parse(r.source()));
        return m;
    }

    @GetMapping("/{project}/templates/{name}/versions")
    List<Map<String, Object>> versions(@PathVariable String project, @PathVariable String name) {
        var all = repository.templateVersions(project, name);
        if (all.isEmpty()) throw new NoSuchElementException("template '" + name + "' does not exist in project '" + project + "'");
        return all.stream().map(TemplateController::view).toList();
    }

    private void requireProject(String project) {
        if (repository.projects().stream().noneMatch(p -> p[0].equals(project))) {
            throw new NoSuchElementException("project '" + project + "' does not exist");
        }
    }

    private static Map<String, Object> view(TemplateVersionRecord r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", r.name());
        m.put("version", r.version());
        m.put("description", r.description());
        m.put("createdAt", r.createdAt().toString());
        m.put("createdBy", r.createdBy());
        return m;
    }
}
