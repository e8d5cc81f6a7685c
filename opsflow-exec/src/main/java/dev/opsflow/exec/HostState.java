package dev.opsflow.exec;

/**
 * Lifecycle of one host in one run: PENDING → RUNNING → one terminal state (or PENDING → TERMINATED
 * when the host never ran).
 */
public enum HostState {
    /** Not started yet (waiting for a concurrency slot or its batch). */
    PENDING(false),
    /** Connecting or running. */
    RUNNING(false),
    /** Exit code 0 (scripts) / every file written and verified (files). */
    SUCCEEDED(true),
    /** Non-zero exit, host key refused, connection lost mid-run, file checks failed, or other errors. */
    FAILED(true),
    /** The script or push exceeded its timeout; the remote process group was killed. */
    TIMED_OUT(true),
    /** TCP connect refused, no route, or connect/handshake timeout. */
    UNREACHABLE(true),
    /** The host rejected the credential. */
    AUTH_FAILED(true),
    /** Stopped by {@link Execution#terminate} or not run because an earlier batch failed (rolling STOP). */
    TERMINATED(true);

    private final boolean terminal;

    HostState(boolean terminal) {
        this.terminal = terminal;
    }

    /** @return true for every state except PENDING and RUNNING */
    public boolean isTerminal() {
        return terminal;
    }
}
