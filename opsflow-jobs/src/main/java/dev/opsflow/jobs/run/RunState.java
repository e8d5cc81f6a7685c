package dev.opsflow.jobs.run;

/**
 * Lifecycle of a job run.
 * <pre>
 * RUNNING → SUCCEEDED | FAILED | TERMINATED | PAUSED | WAITING_CONFIRMATION
 * PAUSED → RUNNING (resume) | TERMINATED
 * WAITING_CONFIRMATION → RUNNING (confirm) | TERMINATED
 * FAILED → RUNNING (retry failed hosts, skip the failed step) | TERMINATED
 * BLOCKED: refused by a dangerous-command rule before anything ran (terminal)
 * </pre>
 */
public enum RunState {
    RUNNING(false), PAUSED(false), WAITING_CONFIRMATION(false), SUCCEEDED(true), FAILED(false), TERMINATED(true),
    BLOCKED(true);

    private final boolean terminal;

    RunState(boolean terminal) {
        this.terminal = terminal;
    }

    /** @return true when no operation can change the run any more */
    public boolean isTerminal() {
        return terminal;
    }

    /** @return true while the machine works on the run without waiting for anyone (only RUNNING) */
    public boolean isMoving() {
        return this == RUNNING;
    }

    /** @throws IllegalArgumentException listing the accepted names */
    public static RunState parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("state: expected one of RUNNING, PAUSED, WAITING_CONFIRMATION, SUCCEEDED, "
                    + "FAILED, TERMINATED, BLOCKED but got '" + s + "'");
        }
    }
}
