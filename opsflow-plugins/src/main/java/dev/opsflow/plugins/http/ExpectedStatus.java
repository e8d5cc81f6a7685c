package dev.opsflow.plugins.http;

import dev.opsflow.plugins.support.InvalidInputException;
import java.util.List;

/**
 * The {@code expected_status} input: exact codes ({@code 200}, {@code "204"}) and classes
 * ({@code "2xx"}). A response matches when any entry matches.
 *
 * @param entries normalized entries ("200", "2xx")
 */
record ExpectedStatus(List<String> entries) {
    static final ExpectedStatus DEFAULT = new ExpectedStatus(List.of("2xx"));

    /** @throws InvalidInputException naming {@code expected_status} on an entry that is not 100-599 or 1xx-5xx */
    static ExpectedStatus parse(List<String> raw) {
        if (raw.isEmpty()) return DEFAULT;
        var entries = raw.stream().map(e -> e.trim().toLowerCase()).toList();
        for (var e : entries) {
            if (!e.matches("[1-5](\\d\\d|xx)")) {
                throw new InvalidInputException("expected_status", "'" + e + "' is neither a status code (100-599) nor a class like 2xx");
            }
        }
        return new ExpectedStatus(entries);
    }

    boolean matches(int status) {
        var code = Integer.toString(status);
        return entries.stream().anyMatch(e -> e.equals(code) || (e.endsWith("xx") && code.charAt(0) == e.charAt(0)));
    }

    /** @return e.g. "2xx" or "200 or 204" */
    @Override
    public String toString() {
        return String.join(" or ", entries);
    }
}
