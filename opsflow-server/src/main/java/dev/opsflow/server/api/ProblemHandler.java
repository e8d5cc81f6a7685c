package dev.opsflow.server.api;

import dev.opsflow.engine.task.StateConflictException;
import dev.opsflow.engine.template.TemplateInvalidException;
import dev.opsflow.store.jdbc.JdbcStoreException;
import java.net.URI;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps failures to RFC 9457 problem documents with the field or node at fault. */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String BASE = "https://opsflow.dev/problems/";

    @ExceptionHandler(TemplateInvalidException.class)
    ProblemDetail invalid(TemplateInvalidException e) {
        var p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid", "Validation failed",
                e.problems().size() == 1 ? e.problems().getFirst().toString() : e.problems().size() + " problems");
        p.setProperty("problems", e.problems());
        return p;
    }

    @ExceptionHandler(StateConflictException.class)
    ProblemDetail conflict(StateConflictException e) {
        return problem(HttpStatus.CONFLICT, "state-conflict", "Operation not allowed in the current state", e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    /** A body field of the wrong type or out of range: 400 with {@code field}, its path in the body. */
    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return fieldProblem(e);
    }

    /** @return the 400 problem for {@code e}, with {@code field} */
    static ProblemDetail fieldProblem(InvalidFieldException e) {
        var p = problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage());
        p.setProperty("field", e.field());
        return p;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        var cause = e.getMostSpecificCause();
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Malformed request body",
                cause == null ? e.getMessage() : cause.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail unavailable(IllegalStateException e) {
        log.warn("request failed: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Try again", e.getMessage());
    }

    /**
     * A database call of the engine or the job platform failed (its transaction was rolled back, so
     * nothing was stored): 503. The driver's message stays in the log; the answer names only the
     * SQLState, since driver messages can quote row values.
     */
    @ExceptionHandler(JdbcStoreException.class)
    ProblemDetail storeFailed(JdbcStoreException e) {
        log.warn("request failed: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Try again",
                "the database call failed (SQLState " + e.sqlState() + "); nothing was stored");
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        var p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(BASE + type));
        p.setTitle(title);
        return p;
    }
}
