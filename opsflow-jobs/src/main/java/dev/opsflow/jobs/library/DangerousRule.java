package dev.opsflow.jobs.library;

import dev.opsflow.exec.DangerousCommandRules;
import dev.opsflow.exec.Language;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A project-level dangerous-command rule, stored in {@code job_dangerous_rule} and merged with
 * {@link DangerousCommandRules#defaults()}.
 *
 * @param language null = every language
 * @param pattern  a Java regular expression searched in every non-comment line
 */
public record DangerousRule(String project, String id, Language language, String pattern,
                            DangerousCommandRules.Action action, String description, Instant createdAt,
                            String createdBy) {

    /** @throws IllegalArgumentException naming the field at fault */
    public DangerousRule {
        if (id == null || !id.matches("[a-z0-9][a-z0-9_.-]{0,99}")) {
            throw new IllegalArgumentException("id: 1-100 characters of a-z, 0-9, '_', '.', '-' (got '" + id + "')");
        }
        if (pattern == null || pattern.isBlank()) throw new IllegalArgumentException("pattern: required");
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern: invalid regular expression: " + e.getDescription());
        }
        if (action == null) throw new IllegalArgumentException("action: required (WARN or BLOCK)");
    }

    /** @return the rule in the form the checker runs */
    public DangerousCommandRules.Rule toRule() {
        return new DangerousCommandRules.Rule(id, language, Pattern.compile(pattern), action,
                description == null ? id : description);
    }
}
