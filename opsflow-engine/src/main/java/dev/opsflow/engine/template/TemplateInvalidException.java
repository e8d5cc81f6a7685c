package dev.opsflow.engine.template;

import java.util.List;

/** Thrown when a template (or a task's variables) fails validation; carries every problem found. */
public class TemplateInvalidException extends RuntimeException {
    private final List<Problem> problems;

    /** @param problems at least one problem */
    public TemplateInvalidException(List<Problem> problems) {
        super(problems.size() == 1 ? problems.getFirst().toString()
                : problems.size() + " problems: " + problems.getFirst() + " ...");
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, in source order where known */
    public List<Problem> problems() {
        return problems;
    }
}
