package dev.opsflow.engine.expr;

/**
 * An expression could not be parsed, was rejected by the sandbox, referenced an unknown variable or
 * failed while evaluating. The message names the expression and the reason, e.g.
 * {@code unknown reference 'build.urll' in '${build.urll}'}.
 */
public class ExpressionException extends RuntimeException {
    /** @param message which expression and why */
    public ExpressionException(String message) {
        super(message);
    }

    /**
     * @param message which expression and why
     * @param cause   the underlying JEXL failure
     */
    public ExpressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
