package dev.opsflow.exec;

/**
 * The per-host body of a run (a script or a file push). Runs on its own virtual thread once the host
 * holds a concurrency slot; must end the host via {@link HostRecord#finish} and must not throw.
 * Registers a canceller with {@link HostRecord#onCancel} so that terminate() can stop it.
 */
@FunctionalInterface
interface HostTask {
    void run(HostRecord record, RunControl control);

    /** What a host body can ask of its run. */
    interface RunControl {
        /** @return the terminate reason, or null while the run is not terminated */
        String terminatedReason();
    }
}
