package dev.opsflow.jobs.run;

import java.time.Instant;
import java.util.List;

/**
 * One version of a job plan: ordered steps (with {@code ${var}} references still in place) and variables.
 * Versions are immutable; saving a changed plan adds a version, runs use the latest.
 */
public record JobPlan(String project, String name, int version, String description, List<JobVariable> variables,
                      List<StepSpec> steps, Instant createdAt, String createdBy) {
}
