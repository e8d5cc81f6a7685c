package dev.opsflow.jobs.run;

import java.time.Instant;

/**
 * One step of a run as stored in {@code job_step}.
 *
 * @param attempt how many times the step was started (retrying failed hosts adds one); 0 = not yet
 */
public record JobStep(String runId, int index, StepKind kind, String name, StepState state, int attempt,
                      Instant startedAt, Instant finishedAt, StepSpec spec, String error, String confirmedBy) {
    public JobStep with(StepState s, String err) {
        return new JobStep(runId, index, kind, name, s, attempt, startedAt, finishedAt, spec, err, confirmedBy);
    }
}
