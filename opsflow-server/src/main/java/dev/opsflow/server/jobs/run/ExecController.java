package dev.opsflow.server.jobs.run;

import dev.opsflow.jobs.run.JobService;
import dev.opsflow.server.api.RequestBodies;
import dev.opsflow.server.auth.AuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Quick script execution ({@code exec}), quick file distribution ({@code push}) and artifact upload.
 * {@code ?wait=true} answers once the run is no longer RUNNING or after {@code timeout} (default 30s).
 */
@RestController
@RequestMapping("/api/v1/projects/{project}")
public class ExecController {
    /** Uploads larger than this are refused (and deleted): 10 GiB. */
    static final long MAX_UPLOAD = 10L * 1024 * 1024 * 1024;
    private final JobService jobs;

    public ExecController(JobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/exec")
    ResponseEntity<Map<String, Object>> exec(@PathVariable String project, @RequestBody Map<String, Object> body,
                                             @RequestParam(defaultValue = "false") boolean wait,
                                             @RequestParam(required = false) String timeout, HttpServletRequest req) {
        var started = jobs.quick().runScript(project, JobRequests.script(body), JobHttp.origin(req));
        var response = JobHttp.created(project, summary(started.runId(), wait, timeout));
        response.getBody().put("warnings", JobViews.findings(started.warnings()));
        return response;
    }

    @PostMapping("/push")
    ResponseEntity<Map<String, Object>> push(@PathVariable String project, @RequestBody Map<String, Object> body,
                                             @RequestParam(defaultValue = "false") boolean wait,
                                             @RequestParam(required = false) String timeout, HttpServletRequest req) {
        var id = jobs.pushFiles(project, JobRequests.files(body), JobHttp.origin(req));
        return JobHttp.created(project, summary(id, wait, timeout));
    }

    /** Streams the request body to the artifact store (never buffered in memory). */
    @PostMapping(path = "/artifacts", consumes = "*/*")
    ResponseEntity<Map<String, Object>> upload(@PathVariable String project, @RequestParam String name,
                                               HttpServletRequest req) throws IOException {
        try (var in = req.getInputStream()) {
            var a = jobs.artifacts().store(project, name, in, MAX_UPLOAD, AuthFilter.actor(req));
            return ResponseEntity.status(HttpStatus.CREATED).body(JobViews.artifact(a));
        }
    }

    @GetMapping("/artifacts")
    List<Map<String, Object>> artifacts(@PathVariable String project, @RequestParam(defaultValue = "100") int limit) {
        return jobs.artifacts().list(project, RequestBodies.limit("limit", limit, 1000)).stream().map(JobViews::artifact).toList();
    }

    @GetMapping("/artifacts/{id}")
    Map<String, Object> artifact(@PathVariable String project, @PathVariable String id) {
        return JobViews.artifact(jobs.artifacts().get(project, id));
    }

    private dev.opsflow.jobs.run.RunSummary summary(String runId, boolean wait, String timeout) {
        if (!wait) return jobs.summary(runId);
        var limit = timeout == null ? Duration.ofSeconds(30) : RequestBodies.duration("timeout", timeout);
        return jobs.awaitRun(runId, limit.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : limit);
    }
}
