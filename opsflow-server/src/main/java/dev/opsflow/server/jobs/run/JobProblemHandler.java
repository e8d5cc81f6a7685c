package dev.opsflow.server.jobs.run;

import dev.opsflow.jobs.library.DangerousCommandException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A script refused by a dangerous-command rule: 422 with the problems (field, line, rule) like every
 * validation error, plus {@code findings} and the id of the BLOCKED run that recorded the attempt.
 * Ordered before the general handler, which would answer the same exception type without those extras.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class JobProblemHandler {
    @ExceptionHandler(DangerousCommandException.class)
    ProblemDetail blocked(DangerousCommandException e) {
        var p = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        p.setType(URI.create("https://opsflow.dev/problems/dangerous-command"));
        p.setTitle("Blocked by a dangerous-command rule");
        p.setProperty("problems", e.problems());
        p.setProperty("findings", JobViews.findings(e.findings()));
        if (e.runId() != null) p.setProperty("runId", e.runId());
        return p;
    }
}
