package dev.opsflow.exec;

/** A host-level failure with the state it maps to (UNREACHABLE, AUTH_FAILED, FAILED, ...). */
final class HostFailure extends Exception {
    private final HostState state;

    HostFailure(HostState state, String message) {
        super(message, null, false, false);
        this.state = state;
    }

    HostState state() {
        return state;
    }
}
