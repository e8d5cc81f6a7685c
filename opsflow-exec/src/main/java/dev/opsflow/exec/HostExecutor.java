package dev.opsflow.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts and pushes files on many hosts at once. One instance per server; thread-safe.
 *
 * <p>Holds one shared Apache MINA SSHD client (NIO2: a session costs buffers, not a thread). Each
 * host of a run gets its own virtual thread and one SSH session for the whole run; at most
 * {@link RunOptions#concurrency()} hosts are in flight. {@link Host#local()} runs through child
 * processes with the same wrapper, so it behaves like any SSH host.
 *
 * <p>Per-host failures never throw: they end up in the host's {@link HostResult} (state + error).
 * Invalid arguments (duplicate host names, empty targets) throw {@link IllegalArgumentException}.
 * {@link #close()} terminates running executions and stops the client.
 */
public final class HostExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostExecutor.class);

    private final Clock clock;
    private final SshConnector connector;
    private final Transports transports;
    private final Set<RunExecution> running = ConcurrentHashMap.newKeySet();

    /**
     * @param knownHosts where host keys are checked and recorded
     * @param clock      source of result timestamps
     */
    public HostExecutor(KnownHosts knownHosts, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connector = new SshConnector(Objects.requireNonNull(knownHosts, "knownHosts"));
        this.transports = new Transports(connector);
    }

    /**
     * Starts {@code script} on every target as {@code account}; returns at once.
     *
     * @param listener live progress; may be null
     */
    public Execution runScript(List<Host> targets, Account account, ScriptSpec script, RunOptions options,
                               ExecutionListener listener) {
        var safe = SafeListener.of(listener);
        var masker = new SecretMasker(script.secrets());
        // state messages are masked by HostRecord.finish, output lines at the source (LineCollector)
        return start(targets, options, safe, masker, new ScriptRunner(transports, account, script, options, safe, masker), null);
    }

    /**
     * Starts pushing {@code files} to every target as {@code account}; returns at once. Sources are
     * resolved once (remote globs expanded on their hosts) when the first target starts.
     *
     * @param listener live progress; stdout lines are {@code <path> <bytes> <sha256>}; may be null
     */
    public Execution pushFiles(List<Host> targets, Account account, FileSpec files, RunOptions options,
                               ExecutionListener listener) {
        var safe = SafeListener.of(listener);
        var sources = new SourceFiles();
        return start(targets, options, safe, SecretMasker.NONE,
                new FilePusher(transports, account, files, options, safe, sources), sources);
    }

    private Execution start(List<Host> targets, RunOptions options, ExecutionListener listener, SecretMasker masker,
                            HostTask task, AutoCloseable resources) {
        var names = new HashSet<String>();
        for (var h : targets) {
            if (!names.add(h.name())) throw new IllegalArgumentException("duplicate host name '" + h.name() + "' in targets");
        }
        var records = targets.stream().map(h -> new HostRecord(h, options.outputCapBytes(), clock, listener, masker)).toList();
        var execution = new RunExecution(records, options, listener, task, e -> {
            running.remove(e);
            closeQuietly(resources);
        });
        running.add(execution);
        execution.start();
        return execution;
    }

    /**
     * Connectivity check: connect, authenticate and run {@code uname -sr}. Blocks up to about
     * {@code timeout} (connect) plus {@code timeout} (command).
     *
     * @return SUCCEEDED with the uname output as stdout, or UNREACHABLE / AUTH_FAILED / FAILED with an error
     */
    public HostResult check(Host host, Account account, Duration timeout, HostKeyPolicy policy) {
        var record = new HostRecord(host, 64 * 1024, clock, ExecutionListener.NONE, SecretMasker.NONE);
        record.start();
        try (var transport = transports.open(host, account, timeout, policy)) {
            var out = new ByteArrayOutputStream();
            var command = transport.start("uname -sr", out, OutputStream.nullOutputStream());
            command.stdin().close();
            command.closed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            record.stdout.append(out.toString(StandardCharsets.UTF_8));
            var exit = command.exitStatus();
            record.finish(Integer.valueOf(0).equals(exit) ? HostState.SUCCEEDED : HostState.FAILED, exit,
                    Integer.valueOf(0).equals(exit) ? null : "uname -sr failed with exit status " + exit);
        } catch (HostFailure f) {
            record.finish(f.state(), null, f.getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            record.finish(HostState.TIMED_OUT, null, "uname -sr did not finish within " + timeout.toMillis() + " ms");
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            record.finish(HostState.FAILED, null, "check failed: " + e.getMessage());
        }
        return record.snapshot();
    }

    @Override
    public void close() {
        running.forEach(e -> e.terminate("server shutting down"));
        for (var e : running) {
            try {
                e.done().get(15, TimeUnit.SECONDS);
            } catch (Exception ex) {
                log.warn("an execution did not end within 15 s of shutdown", ex);
            }
        }
        connector.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing run resources failed", e);
        }
    }
}
