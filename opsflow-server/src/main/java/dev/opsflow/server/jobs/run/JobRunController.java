package dev.opsflow.server.jobs.run;

import dev.opsflow.exec.HostState;
import dev.opsflow.jobs.run.JobService;
import dev.opsflow.jobs.run.RunKind;
import dev.opsflow.jobs.run.RunState;
import dev.opsflow.server.api.RequestBodies;
import dev.opsflow.server.auth.AuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Execution history (list, detail with grouped host results, per-host results, log search and export)
 * and the operations on runs. Step indexes are 0-based.
 */
@RestController
@RequestMapping("/api/v1/projects/{project}/job-runs")
public class JobRunController {
    private final JobService jobs;

    public JobRunController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    List<Map<String, Object>> list(@PathVariable String project, @RequestParam(required = false) String kind,
                                   @RequestParam(required = false) String state, @RequestParam(required = false) String q,
                                   @RequestParam(defaultValue = "50") int limit) {
        return jobs.runs().list(project, RequestBodies.parameter("kind", kind, RunKind::parse),
                RequestBodies.parameter("state", state, RunState::parse), q,
                RequestBodies.limit("limit", limit, 1000)).stream().map(JobViews::run).toList();
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String project, @PathVariable String id) {
        jobs.runs().get(project, id);
        return JobViews.detail(jobs.summary(id));
    }

    @GetMapping("/{id}/hosts")
    List<Map<String, Object>> hosts(@PathVariable String project, @PathVariable String id,
                                    @RequestParam(required = false) String state, @RequestParam(required = false) String q) {
        return jobs.runs().hosts(project, id, null, hostState(state), q).stream().map(JobViews::host).toList();
    }

    @GetMapping("/{id}/steps/{index}/hosts")
    List<Map<String, Object>> stepHosts(@PathVariable String project, @PathVariable String id, @PathVariable int index,
                                        @RequestParam(required = false) String state, @RequestParam(required = false) String q) {
        return jobs.runs().hosts(project, id, index, hostState(state), q).stream().map(JobViews::host).toList();
    }

    @PostMapping("/{id}/terminate")
    Map<String, Object> terminate(@PathVariable String project, @PathVariable String id,
                                  @RequestBody(required = false) Map<String, Object> body, HttpServletRequest req) {
        jobs.runs().terminate(project, id, AuthFilter.actor(req), RequestBodies.of(body).string("reason"));
        return JobViews.detail(jobs.summary(id));
    }

    @PostMapping("/{id}/steps/{index}/retry-failed")
    Map<String, Object> retryFailed(@PathVariable String project, @PathVariable String id, @PathVariable int index,
                                    HttpServletRequest req) {
        jobs.runs().retryFailed(project, id, index, AuthFilter.actor(req));
        return JobViews.detail(jobs.summary(id));
    }

    @PostMapping("/{id}/steps/{index}/skip")
    Map<String, Object> skip(@PathVariable String project, @PathVariable String id, @PathVariable int index,
                             HttpServletRequest req) {
        jobs.runs().skip(project, id, index, AuthFilter.actor(req));
        return JobViews.detail(jobs.summary(id));
    }

    @PostMapping("/{id}/steps/{index}/confirm")
    Map<String, Object> confirm(@PathVariable String project, @PathVariable String id, @PathVariable int index,
                                HttpServletRequest req) {
        jobs.runs().confirm(project, id, index, AuthFilter.actor(req));
        return JobViews.detail(jobs.summary(id));
    }

    @PostMapping("/{id}/steps/{index}/resume")
    Map<String, Object> resume(@PathVariable String project, @PathVariable String id, @PathVariable int index,
                               HttpServletRequest req) {
        jobs.runs().resume(project, id, index, AuthFilter.actor(req));
        return JobViews.detail(jobs.summary(id));
    }

    /** Every host's log as text/plain, one section per step and host, streamed from the database. */
    @GetMapping("/{id}/logs")
    ResponseEntity<StreamingResponseBody> logs(@PathVariable String project, @PathVariable String id) {
        jobs.runs().get(project, id);
        StreamingResponseBody body = out -> {
            var w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            jobs.runs().exportLogs(project, id, w);
            w.flush();
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + id + ".log\"").body(body);
    }

    private static HostState hostState(String s) {
        if (s == null) return null;
        try {
            return HostState.valueOf(s.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw RequestBodies.invalidParameter("state", "expected one of PENDING, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, "
                    + "UNREACHABLE, AUTH_FAILED, TERMINATED but got '" + s + "'");
        }
    }
}
