package dev.opsflow.server.jobs.run;

import dev.opsflow.jobs.run.JobService;
import dev.opsflow.server.api.RequestBodies;
import dev.opsflow.server.auth.AuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
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

/** Versioned job plans and running them. */
@RestController
@RequestMapping("/api/v1/projects/{project}/job-plans")
public class JobPlanController {
    private final JobService jobs;

    public JobPlanController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    List<Map<String, Object>> list(@PathVariable String project) {
        return jobs.plans().list(project).stream().map(JobViews::planSummary).toList();
    }

    /** Creates a plan from a body with its {@code name}; 201 (or 200 when an identical plan exists). */
    @PostMapping
    ResponseEntity<Map<String, Object>> create(@PathVariable String project, @RequestBody Map<String, Object> body,
                                               HttpServletRequest req) {
        return save(project, RequestBodies.of(body).requiredString("name"), body, req);
    }

    /** Saves a new version (201) or nothing when unchanged (200); 422 with every problem. */
    @PutMapping("/{name}")
    ResponseEntity<Map<String, Object>> save(@PathVariable String project, @PathVariable String name,
                                             @RequestBody Map<String, Object> body, HttpServletRequest req) {
        var r = jobs.plans().save(project, name, body, AuthFilter.actor(req));
        var m = JobViews.plan(r.plan());
        m.put("created", r.created());
        m.put("warnings", JobViews.findings(r.warnings()));
        return ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK).body(m);
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String project, @PathVariable String name,
                            @RequestParam(required = false) Integer version) {
        return JobViews.plan(jobs.plans().get(project, name, version));
    }

    @GetMapping("/{name}/versions")
    List<Map<String, Object>> versions(@PathVariable String project, @PathVariable String name) {
        return jobs.plans().versions(project, name).stream().map(JobViews::planSummary).toList();
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String project, @PathVariable String name) {
        jobs.plans().delete(project, name);
        return ResponseEntity.noContent().build();
    }

    /** {@code {"variables": {...}, "version": N}} → 201 run; {@code ?wait=true} as for exec. */
    @PostMapping("/{name}/run")
    ResponseEntity<Map<String, Object>> run(@PathVariable String project, @PathVariable String name,
                                            @RequestBody(required = false) Map<String, Object> body,
                                            @RequestParam(defaultValue = "false") boolean wait,
                                            @RequestParam(required = false) String timeout, HttpServletRequest req) {
        var b = RequestBodies.of(body);
        var vars = b.map("variables");
        var id = jobs.plans().run(project, name, b.integer("version"),
                vars == null ? Map.of() : vars, AuthFilter.actor(req), JobHttp.origin(req));
        if (!wait) return JobHttp.created(project, jobs.summary(id));
        var limit = timeout == null ? Duration.ofSeconds(30) : RequestBodies.duration("timeout", timeout);
        return JobHttp.created(project, jobs.awaitRun(id, limit.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : limit));
    }
}
