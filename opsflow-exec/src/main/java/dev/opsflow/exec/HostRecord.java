package dev.opsflow.exec;

import dev.opsflow.engine.plugin.OutputMarkers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The live, mutable state of one host in one run, guarded by its monitor. Transitions: PENDING →
 * RUNNING → terminal, or PENDING → terminal; the first terminal state wins (a host that timed out
 * stays TIMED_OUT even if terminate() arrives while its group is being killed).
 */
final class HostRecord {
    final Host host;
    final OutputCapture stdout;
    final OutputCapture stderr;
    private final Clock clock;
    private final ExecutionListener listener;
    private final SecretMasker masker;
    private final OutputMarkers markers = new OutputMarkers();
    private HostState state = HostState.PENDING;
    private Integer exitCode;
    private Instant startedAt;
    private Instant finishedAt;
    private String error;
    private String digest;
    private Runnable canceller;
    /** The host's result once it is terminal: built once, for the listener and every later snapshot. */
    private HostResult result;

    HostRecord(Host host, long capBytes, Clock clock, ExecutionListener listener, SecretMasker masker) {
        this.host = host;
        this.stdout = new OutputCapture(capBytes);
        this.stderr = new OutputCapture(capBytes);
        this.clock = clock;
        this.listener = listener;
        this.masker = masker;
    }

    /** PENDING → RUNNING. @return false when the host is already terminal (terminated before it started) */
    boolean start() {
        synchronized (this) {
            if (state != HostState.PENDING) return false;
            state = HostState.RUNNING;
            startedAt = clock.instant();
        }
        listener.hostStateChanged(host.name(), HostState.RUNNING, null);
        return true;
    }

    /** Ends the host unless it already ended. @return true when this call set the state */
    boolean finish(HostState terminal, Integer exit, String reason) {
        var masked = masker.mask(reason);
        HostResult final_;
        synchronized (this) {
            if (state.isTerminal()) return false;
            var markerError = markers.error();
            if (terminal == HostState.SUCCEEDED && markerError.isPresent()) {
                terminal = HostState.FAILED;
                masked = markerError.get();
            }
            state = terminal;
            exitCode = exit;
            error = masked;
            finishedAt = clock.instant();
            var out = stdout.text();
            var err = stderr.text();
            // the NUL keeps "x" on stdout and "x" on stderr apart (they would share a group otherwise)
            digest = sha256(out + '\0' + err);
            canceller = null;
            final_ = new HostResult(host.name(), state, exitCode, startedAt, finishedAt, out, err,
                    stdout.truncated() || stderr.truncated(), markers.outputs(), error, digest);
            result = final_;
        }
        listener.hostFinished(final_);
        return true;
    }

    /** Records a stdout line's marker output, if any; a malformed marker fails the host at its end. */
    void stdoutLine(String line) {
        markers.accept(line);
    }

    /** What terminate() calls while the host runs (kills its process group / closes its session). */
    synchronized void onCancel(Runnable canceller) {
        this.canceller = canceller;
    }

    Runnable canceller() {
        synchronized (this) { return canceller; }
    }

    synchronized HostState state() {
        return state;
    }

    synchronized HostResult snapshot() {
        if (result != null) return result;
        return new HostResult(host.name(), state, exitCode, startedAt, finishedAt, stdout.text(), stderr.text(),
                stdout.truncated() || stderr.truncated(), markers.outputs(), error, digest);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
