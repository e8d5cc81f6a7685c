package dev.opsflow.server.api;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Query parameters that do not convert ({@code ?limit=abc}) or are missing: 400 naming the parameter in
 * the problem's {@code field}, as {@link ProblemHandler} answers a bad body field. Its own advice, ordered
 * first, because Spring Boot's problem-details advice ({@code spring.mvc.problemdetails.enabled}) answers
 * these without a field and runs before {@link ProblemHandler}; that one stays after Boot's, whose
 * handlers (upload size, unreadable bodies) must not be taken over through an exception's cause.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ParameterProblemHandler {
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail parameterType(MethodArgumentTypeMismatchException e) {
        var type = e.getRequiredType() == null ? "a value" : switch (e.getRequiredType().getSimpleName()) {
            case "int", "Integer", "long", "Long" -> "a whole number";
            case "boolean", "Boolean" -> "true or false";
            default -> "a " + e.getRequiredType().getSimpleName();
        };
        var given = String.valueOf(e.getValue());
        return ProblemHandler.fieldProblem(new InvalidFieldException(e.getName(), "expected " + type + " but got '"
                + (given.length() > 40 ? given.substring(0, 40) + "…" : given) + "'"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        return ProblemHandler.fieldProblem(new InvalidFieldException(e.getParameterName(), "is required"));
    }
}
