package dev.opsflow.jobs.library;

import dev.opsflow.engine.template.Problem;
import dev.opsflow.engine.template.TemplateInvalidException;
import dev.opsflow.exec.DangerousCommandRules.Finding;
import java.util.List;

/**
 * A script was refused because a BLOCK rule matched (answered 422). Carries the blocking findings
 * (rule id, line, text) as problems with field {@code field} (e.g. {@code content} or
 * {@code steps[1].content}), and the id of the BLOCKED run recorded for the attempt, if any.
 */
public class DangerousCommandException extends TemplateInvalidException {
    private final transient List<Finding> findings;
    private final String runId;

    public DangerousCommandException(String field, List<Finding> blocking, String runId) {
        super(problems(field, blocking));
        this.findings = List.copyOf(blocking);
        this.runId = runId;
    }

    public List<Finding> findings() {
        return findings;
    }

    /** @return the id of the BLOCKED job run recorded for this attempt; null when none was recorded */
    public String runId() {
        return runId;
    }

    private static List<Problem> problems(String field, List<Finding> blocking) {
        return blocking.stream().map(f -> new Problem(null, field, f.line(), "dangerous-command",
                "blocked by rule '" + f.rule().id() + "' (" + f.rule().description() + "): " + f.text())).toList();
    }
}
