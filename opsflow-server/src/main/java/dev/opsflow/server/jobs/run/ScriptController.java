package dev.opsflow.server.jobs.run;

import dev.opsflow.exec.DangerousCommandRules;
import dev.opsflow.exec.DangerousCommandRules.Action;
import dev.opsflow.jobs.library.DangerousRule;
import dev.opsflow.jobs.library.Languages;
import dev.opsflow.jobs.library.ScriptVersionState;
import dev.opsflow.jobs.run.JobService;
import dev.opsflow.server.api.InvalidFieldException;
import dev.opsflow.server.api.RequestBodies;
import dev.opsflow.server.auth.AuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
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

/** The script library (scripts, versions, states, diffs) and the project's dangerous-command rules. */
@RestController
@RequestMapping("/api/v1/projects/{project}")
public class ScriptController {
    private final JobService jobs;

    public ScriptController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/scripts")
    List<Map<String, Object>> list(@PathVariable String project) {
        return jobs.library().list(project).stream().map(JobViews::script).toList();
    }

    @PostMapping("/scripts")
    ResponseEntity<Map<String, Object>> create(@PathVariable String project, @RequestBody Map<String, Object> body,
                                               HttpServletRequest req) {
        var b = RequestBodies.of(body);
        var r = jobs.library().create(project, b.string("name"),
                Languages.parse("language", b.string("language")), b.string("description"),
                b.string("content"), b.string("remark"), AuthFilter.actor(req));
        var m = JobViews.script(jobs.library().get(project, r.version().name()));
        m.put("version", JobViews.version(r.version(), false));
        m.put("warnings", JobViews.findings(r.warnings()));
        return ResponseEntity.status(HttpStatus.CREATED).body(m);
    }

    @GetMapping("/scripts/{name}")
    Map<String, Object> get(@PathVariable String project, @PathVariable String name) {
        var m = JobViews.script(jobs.library().get(project, name));
        m.put("versions", jobs.library().versions(project, name).stream().map(v -> JobViews.version(v, false)).toList());
        return m;
    }

    @PutMapping("/scripts/{name}")
    Map<String, Object> describe(@PathVariable String project, @PathVariable String name, @RequestBody Map<String, Object> body) {
        return JobViews.script(jobs.library().describe(project, name, RequestBodies.of(body).string("description")));
    }

    @DeleteMapping("/scripts/{name}")
    ResponseEntity<Void> delete(@PathVariable String project, @PathVariable String name) {
        jobs.library().delete(project, name);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/scripts/{name}/versions")
    List<Map<String, Object>> versions(@PathVariable String project, @PathVariable String name) {
        return jobs.library().versions(project, name).stream().map(v -> JobViews.version(v, true)).toList();
    }

    @PostMapping("/scripts/{name}/versions")
    ResponseEntity<Map<String, Object>> addVersion(@PathVariable String project, @PathVariable String name,
                                                   @RequestBody Map<String, Object> body, HttpServletRequest req) {
        var b = RequestBodies.of(body);
        var r = jobs.library().addVersion(project, name, b.string("content"), b.string("remark"),
                AuthFilter.actor(req));
        var m = JobViews.version(r.version(), true);
        m.put("warnings", JobViews.findings(r.warnings()));
        return ResponseEntity.status(HttpStatus.CREATED).body(m);
    }

    @GetMapping("/scripts/{name}/versions/{version}")
    Map<String, Object> version(@PathVariable String project, @PathVariable String name, @PathVariable int version) {
        return JobViews.version(jobs.library().version(project, name, version), true);
    }

    @PutMapping("/scripts/{name}/versions/{version}/state")
    Map<String, Object> state(@PathVariable String project, @PathVariable String name, @PathVariable int version,
                              @RequestBody Map<String, Object> body, HttpServletRequest req) {
        var state = RequestBodies.of(body).string("state");
        if (state == null) throw new InvalidFieldException("state", "required (ONLINE, OFFLINE or DISABLED)");
        return JobViews.version(jobs.library().setState(project, name, version, ScriptVersionState.parse(state),
                AuthFilter.actor(req)), false);
    }

    @GetMapping("/scripts/{name}/diff")
    Map<String, Object> diff(@PathVariable String project, @PathVariable String name, @RequestParam int from,
                             @RequestParam int to) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", name);
        m.put("from", from);
        m.put("to", to);
        m.put("diff", jobs.library().diff(project, name, from, to));
        return m;
    }

    @GetMapping("/dangerous-rules")
    Map<String, Object> rules(@PathVariable String project) {
        return Map.of("defaults", DangerousCommandRules.defaults().rules().stream().map(r -> JobViews.rule(r, "default")).toList(),
                "project", jobs.dangerousRules().list(project).stream().map(JobViews::rule).toList());
    }

    @PostMapping("/dangerous-rules")
    ResponseEntity<Map<String, Object>> createRule(@PathVariable String project, @RequestBody Map<String, Object> body,
                                                   HttpServletRequest req) {
        return ResponseEntity.status(HttpStatus.CREATED).body(putRule(project, RequestBodies.of(body).string("id"), body, req));
    }

    @PutMapping("/dangerous-rules/{id}")
    Map<String, Object> putRule(@PathVariable String project, @PathVariable String id, @RequestBody Map<String, Object> body,
                                HttpServletRequest req) {
        var b = RequestBodies.of(body);
        var language = b.string("language");
        var action = b.string("action");
        Action a;
        try {
            a = action == null ? null : Action.valueOf(action.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw b.invalid("action", "expected WARN or BLOCK but got '" + action + "'");
        }
        var rule = new DangerousRule(project, id, language == null ? null : Languages.parse("language", language),
                b.string("pattern"), a, b.string("description"), null, null);
        return JobViews.rule(jobs.dangerousRules().put(project, rule, AuthFilter.actor(req)));
    }

    @DeleteMapping("/dangerous-rules/{id}")
    ResponseEntity<Void> deleteRule(@PathVariable String project, @PathVariable String id) {
        jobs.dangerousRules().delete(project, id);
        return ResponseEntity.noContent().build();
    }

    /** Checks a script without saving or running it: {@code {"language", "content"}} → findings. */
    @PostMapping("/dangerous-rules/check")
    Map<String, Object> check(@PathVariable String project, @RequestBody Map<String, Object> body) {
        var b = RequestBodies.of(body);
        var content = b.string("content");
        if (content == null) throw b.invalid("content", "required");
        var findings = jobs.dangerousRules().rulesFor(project)
                .check(Languages.parse("language", b.string("language")), content);
        return Map.of("blocked", DangerousCommandRules.blocks(findings), "findings", JobViews.findings(findings));
    }
}
