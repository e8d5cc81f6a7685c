package dev.opsflow.jobs.run;

/**
 * Lifecycle of one step of a run: PENDING → RUNNING → SUCCEEDED | FAILED | TERMINATED, RUNNING ⇄ PAUSED
 * (rolling batch failed), PENDING → WAITING_CONFIRMATION → SUCCEEDED (confirm steps), FAILED → RUNNING
 * (retry failed hosts) | SKIPPED.
 */
public enum StepState {
    PENDING, RUNNING, PAUSED, WAITING_CONFIRMATION, SUCCEEDED, FAILED, SKIPPED, TERMINATED
}
