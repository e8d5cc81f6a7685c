package dev.opsflow.server.jobs.run;

import dev.opsflow.jobs.run.Origin;
import dev.opsflow.jobs.run.RunSummary;
import dev.opsflow.server.auth.AuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Request helpers shared by the job controllers: the origin of a run and the "created" answer. */
final class JobHttp {
    private JobHttp() {
    }

    /** @return cli when the request comes from the opsflow CLI (User-Agent), else api */
    static Origin origin(HttpServletRequest req) {
        var agent = req.getHeader("User-Agent");
        return agent != null && agent.startsWith("opsflow-cli") ? Origin.cli(AuthFilter.actor(req)) : Origin.api(AuthFilter.actor(req));
    }

    /** 201 with the run detail and a Location header. */
    static ResponseEntity<Map<String, Object>> created(String project, RunSummary summary) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", "/api/v1/projects/" + project + "/job-runs/" + summary.run().id())
                .body(JobViews.detail(summary));
    }
}
