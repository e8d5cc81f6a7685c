package dev.opsflow.jobs.inventory;

import dev.opsflow.engine.template.Problem;
import dev.opsflow.engine.template.TemplateInvalidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects validation problems of one input and throws them together as a
 * {@link TemplateInvalidException} (answered 422 with per-field problems), so a caller sees every
 * mistake at once.
 */
final class Problems {
    /** Host, group, credential and account names: a letter or digit, then letters, digits, '.', '_' or '-'. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** Label keys: like names, plus '/' for prefixes ("team/owner"). */
    static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
    /** Host addresses: DNS names, IPv4 and IPv6 (no spaces, no URL parts). */
    static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._:%-]{1,255}");
    static final int MAX_PROBLEMS = 100;
    private final List<Problem> problems = new ArrayList<>();

    void add(String field, int line, String code, String message) {
        if (problems.size() < MAX_PROBLEMS) problems.add(new Problem(null, field, line, code, message));
    }

    void add(String field, String code, String message) {
        add(field, 0, code, message);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<Problem> all() {
        return List.copyOf(problems);
    }

    /** @throws TemplateInvalidException when any problem was added */
    void throwIfAny() {
        if (!problems.isEmpty()) throw new TemplateInvalidException(problems);
    }

    /** Checks a required name against {@link #NAME}. */
    void name(String field, int line, String what, String value) {
        if (value == null || value.isBlank()) {
            add(field, line, "required", what + " name is required");
        } else if (!NAME.matcher(value).matches()) {
            add(field, line, "invalid-name", what + " name '" + value + "' must be 1-200 characters of letters, digits, "
                    + "'.', '_' and '-', starting with a letter or digit");
        }
    }

    /** Checks label keys and values: values may be empty, at most 250 characters, no control characters. */
    void labels(String field, int line, Map<String, String> labels) {
        if (labels == null) return;
        for (var e : labels.entrySet()) {
            if (e.getKey() == null || !LABEL_KEY.matcher(e.getKey()).matches()) {
                add(field, line, "invalid-label", "label key '" + e.getKey() + "' must be 1-100 characters of letters, "
                        + "digits, '.', '_', '/' and '-', starting with a letter or digit");
            } else if (e.getValue() == null) {
                add(field + "." + e.getKey(), line, "invalid-label", "label '" + e.getKey() + "' has no value");
            } else if (e.getValue().length() > 250 || e.getValue().chars().anyMatch(Character::isISOControl)) {
                add(field + "." + e.getKey(), line, "invalid-label",
                        "label '" + e.getKey() + "' value must be at most 250 characters without control characters");
            }
        }
    }
}
