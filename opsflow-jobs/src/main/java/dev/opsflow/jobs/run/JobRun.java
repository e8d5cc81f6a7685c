package dev.opsflow.jobs.run;

import java.time.Instant;
import java.util.Map;

/**
 * One execution (quick script, quick file, plan) as stored in {@code job_run}.
 *
 * @param variables   job variable values, secrets already masked
 * @param targets     the targets as requested (summary for listings)
 * @param currentStep index of the step being run or waited on; equals the step count when done
 */
public record JobRun(String id, String project, RunKind kind, String name, String planName, Integer planVersion,
                     RunState state, Origin origin, Instant createdAt, Instant finishedAt, Map<String, Object> variables,
                     String targets, String error, int currentStep) {
}
