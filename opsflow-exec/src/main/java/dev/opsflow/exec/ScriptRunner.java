package dev.opsflow.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Runs one script on one host over one transport (one SSH session per host per run): sends the
 * script on the wrapper's stdin, streams output, and on timeout or terminate kills the script's
 * remote process group through a second command on the same session.
 */
final class ScriptRunner implements HostTask {
    private static final Pattern PGID = Pattern.compile(Pattern.quote(ShellQuoting.PGID_MARKER) + "(\\d+)");
    /** After the script exited, how long background children may keep the output channel open. */
    private static final long LINGER_MS = 2_000;

    private final Transports transports;
    private final Account account;
    private final ScriptSpec script;
    private final RunOptions options;
    private final ExecutionListener listener;
    private final SecretMasker masker;
    /** The same for every host of the run: the wrapper command line and the bytes sent on its stdin. */
    private final String wrapper;
    private final byte[] input;

    ScriptRunner(Transports transports, Account account, ScriptSpec script, RunOptions options,
                 ExecutionListener listener, SecretMasker masker) {
        this.transports = transports;
        this.account = account;
        this.script = script;
        this.options = options;
        this.listener = listener;
        this.masker = masker;
        this.wrapper = ShellQuoting.scriptCommand(script, account.sudoUser());
        this.input = ShellQuoting.wrapperInput(script);
    }

    @Override
    public void run(HostRecord record, RunControl control) {
        var name = record.host.name();
        try (var transport = transports.open(record.host, account, options.connectTimeout(), options.hostKeyPolicy())) {
            record.onCancel(transport::close); // terminate while the script is being sent
            if (control.terminatedReason() != null) {
                record.finish(HostState.TERMINATED, null, control.terminatedReason());
                return;
            }
            var pgid = new AtomicLong(-1);
            var out = new LineCollector(masker, record.stdout, line -> {
                record.stdoutLine(line);
                listener.output(name, "stdout", line);
            });
            var err = new LineCollector(masker, record.stderr, line -> listener.output(name, "stderr", line), line -> {
                var m = PGID.matcher(line);
                if (pgid.get() >= 0 || !m.matches()) return true;
                pgid.set(Long.parseLong(m.group(1)));
                return false;
            });
            var command = transport.start(wrapper, out, err);
            record.onCancel(() -> killGroup(transport, pgid.get(), command));
            if (control.terminatedReason() != null) killGroup(transport, pgid.get(), command);
            sendScript(command);
            var outcome = await(command, script.timeout());
            // the timeout's kill first: closing stdin would also set off the wrapper's watchdog (see
            // ShellQuoting.scriptCommand), and one of the two would then hide a failure of the other
            if (outcome == Outcome.TIMED_OUT) killGroup(transport, pgid.get(), command);
            closeQuietly(command.stdin()); // EOF for the wrapper's watchdog: the command has ended
            out.close();
            err.close();
            finish(record, control, transport, command, outcome);
        } catch (HostFailure f) {
            record.finish(control.terminatedReason() != null ? HostState.TERMINATED : f.state(), null,
                    control.terminatedReason() != null ? control.terminatedReason() : f.getMessage());
        } catch (IOException e) {
            var reason = control.terminatedReason();
            record.finish(reason != null ? HostState.TERMINATED : HostState.FAILED, null,
                    reason != null ? reason : "connection lost while running: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record.finish(HostState.TERMINATED, null, "interrupted");
        }
    }

    /**
     * Sends the script and keeps stdin open: its EOF tells the host's watchdog the client is gone.
     * The wrapper starts as soon as it has the script's last byte, so a short script can end, and its
     * channel close, before our flush returns: a closed stream is then not an error — the exit status
     * that precedes the close is already here. Without an exit status the connection is gone (thrown).
     */
    private void sendScript(Transport.Command command) throws IOException {
        try {
            var stdin = command.stdin();
            stdin.write(input);
            stdin.flush();
        } catch (IOException e) {
            try {
                command.closed().get(2, TimeUnit.SECONDS); // let the channel's last messages land
            } catch (Exception ignored) {
                // still open or failed: decided by the exit status below
            }
            if (command.exitStatus() == null) throw e;
        }
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException e) {
            // the channel is already closed: nothing waits for this EOF any more
        }
    }

    private enum Outcome { CLOSED, TIMED_OUT }

    /**
     * Waits until the command's channel closes, or the timeout. Once the exit status is known, gives
     * background children that still hold stdout {@value #LINGER_MS} ms, then closes the channel.
     */
    private static Outcome await(Transport.Command command, Duration timeout) throws InterruptedException {
        long deadline = timeout == null || timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long exitedAt = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) return Outcome.TIMED_OUT;
            try {
                command.closed().get(Math.min(500, TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1), TimeUnit.MILLISECONDS);
                return Outcome.CLOSED;
            } catch (TimeoutException e) {
                if (command.exitStatus() == null) continue;
                if (exitedAt == 0) exitedAt = System.nanoTime();
                else if (System.nanoTime() - exitedAt > TimeUnit.MILLISECONDS.toNanos(LINGER_MS)) {
                    command.abort();
                    return Outcome.CLOSED;
                }
            } catch (ExecutionException e) {
                return Outcome.CLOSED;
            }
        }
    }

    private void finish(HostRecord record, RunControl control, Transport transport, Transport.Command command,
                        Outcome outcome) {
        var terminated = control.terminatedReason();
        if (outcome == Outcome.TIMED_OUT) {
            record.finish(HostState.TIMED_OUT, null, "timed out after " + script.timeout().toMillis() + " ms; process group killed");
        } else if (terminated != null) {
            record.finish(HostState.TERMINATED, command.exitStatus(), terminated);
        } else if (command.exitStatus() == null) {
            var loss = transport.lossReason();
            record.finish(HostState.FAILED, null, "connection lost while running: "
                    + (loss != null ? loss : "the command channel closed without an exit status"));
        } else if (command.exitStatus() == 0) {
            record.finish(HostState.SUCCEEDED, 0, null);
        } else {
            int code = command.exitStatus();
            record.finish(HostState.FAILED, code, code == 125 ? "the script did not arrive complete, or could not be stored in a temp file on the host (exit code 125)"
                    : code == 127 ? "exit code 127 (command not found: is " + script.language().interpreter() + " installed?)"
                    : "exit code " + code);
        }
    }

    /** SIGTERM then SIGKILL to the script's process group, then close its channel. Never throws. */
    private void killGroup(Transport transport, long pgid, Transport.Command command) {
        if (pgid > 1) {
            try {
                var kill = transport.start(ShellQuoting.killGroupCommand(pgid, account.sudoUser()),
                        OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
                kill.stdin().close();
                kill.closed().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // session gone or kill hung: closing the channel below is all that is left
            }
        }
        try {
            command.closed().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            command.abort();
        }
    }
}
