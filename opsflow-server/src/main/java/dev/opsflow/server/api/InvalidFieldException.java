package dev.opsflow.server.api;

/**
 * A request body field (or query parameter) of the wrong type or out of range. The message starts with
 * the field's path ({@code "script.version: expected an integer but got 1.9"}); {@link ProblemHandler}
 * answers it 400 with the path as the problem's {@code field} property. Never carries the field's value
 * when that value could be a secret (strings are not echoed). Made by {@link RequestBodies}.
 */
public class InvalidFieldException extends IllegalArgumentException {
    private final String field;

    /**
     * @param field  the field's path: {@code version}, {@code script.version}, {@code sources[1].host}, {@code env.HOME};
     *               or a query parameter's name
     * @param reason why it was refused, e.g. {@code expected an integer but got a string}
     */
    public InvalidFieldException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** @return the field's path in the request body */
    public String field() {
        return field;
    }
}
