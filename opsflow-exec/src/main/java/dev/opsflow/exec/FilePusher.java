package dev.opsflow.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes the resolved source files to one target host: per file ONE command that checks or creates
 * the target directory, receives the bytes on stdin (through the host's throttle), prints the
 * SHA-256 of what arrived ({@code openssl dgst} or {@code sha256sum}, see
 * {@link ShellQuoting#uploadCommand}) and moves the file into place; the hash is compared with what was
 * sent. stdout gets one line per file written:
 * {@code <path> <size> <sha256>}.
 */
final class FilePusher implements HostTask {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FilePusher.class);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("opsflow-push-watchdog").factory());

    private final Transports transports;
    private final Account account;
    private final FileSpec spec;
    private final RunOptions options;
    private final ExecutionListener listener;
    private final SourceFiles sources;

    FilePusher(Transports transports, Account account, FileSpec spec, RunOptions options,
               ExecutionListener listener, SourceFiles sources) {
        this.transports = transports;
        this.account = account;
        this.spec = spec;
        this.options = options;
        this.listener = listener;
        this.sources = sources;
    }

    @Override
    public void run(HostRecord record, RunControl control) {
        var timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            var files = sources.resolve(spec, r -> {
                try {
                    return transports.open(r.host(), r.account(), options.connectTimeout(), options.hostKeyPolicy());
                } catch (HostFailure f) {
                    throw new SourceFiles.UncheckedHostFailure(f);
                }
            });
            try (var transport = transports.open(record.host, account, options.connectTimeout(), options.hostKeyPolicy())) {
                record.onCancel(transport::close);
                var watchdog = spec.timeout() == null || spec.timeout().isZero() ? null
                        : WATCHDOG.schedule(() -> { timedOut.set(true); transport.close(); },
                        spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
                try {
                    if (control.terminatedReason() != null) throw new IOException("terminated");
                    push(record, transport, files);
                } finally {
                    if (watchdog != null) watchdog.cancel(false);
                }
            }
            record.finish(HostState.SUCCEEDED, 0, null);
        } catch (HostFailure | IOException | RuntimeException e) {
            // the watchdog and terminate both close the transport, which can surface as any of these
            // (e.g. "cannot write … (exit null)" when it happened while the target hashed the file)
            if (timedOut.get()) {
                record.finish(HostState.TIMED_OUT, null, "file push timed out after " + spec.timeout().toMillis() + " ms");
            } else if (control.terminatedReason() != null) {
                record.finish(HostState.TERMINATED, null, control.terminatedReason());
            } else if (e instanceof HostFailure f) {
                record.finish(f.state(), null, f.getMessage());
            } else {
                if (e instanceof RuntimeException) log.warn("push to {} failed", record.host.name(), e);
                record.finish(HostState.FAILED, null, "file push failed: " + (e.getMessage() != null ? e.getMessage() : e));
            }
        }
    }

    private void push(HostRecord record, Transport transport, java.util.List<SourceFiles.SourceFile> files)
            throws IOException, HostFailure {
        var dir = spec.targetDir();
        var throttle = new ThrottledOutputStream(OutputStream.nullOutputStream(), spec.bandwidthBytesPerSecond());
        for (var file : files) {
            var targetDir = file.subdir() == null ? dir : dir + "/" + file.subdir();
            var path = targetDir + "/" + file.name();
            var sent = upload(transport, file, targetDir, path, throttle);
            var line = path + " " + sent.bytes + " " + sent.sha256;
            record.stdout.append(line + "\n");
            listener.output(record.host.name(), "stdout", line);
        }
    }

    private record Sent(long bytes, String sha256) {}

    /**
     * Uploads one file through ONE command on the target: check or create the directory, write the
     * bytes from stdin to a temporary name, print its SHA-256, and move it into place only
     * when the whole stream arrived. One channel and one shell per file (no SFTP subsystem, no second
     * process for the check) — the host-side cost measured in docs/benchmarks.md.
     */
    private Sent upload(Transport transport, SourceFiles.SourceFile file, String targetDir, String path,
                        ThrottledOutputStream throttle) throws IOException, HostFailure {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var known = file.expectedSha256();
        var upload = ShellQuoting.uploadCommand(spec.targetDir(), spec.createTargetDir(), targetDir, path, file.size(), known);
        // always through sh (a login shell may be fish or tcsh); with a sudo account the file is written,
        // and owned, by the sudo user (as a script would run)
        var command = transport.start(ShellQuoting.asUser(account.sudoUser(), upload), out, err);
        var digest = known == null ? sha256() : null;
        long total = 0;
        try (var in = file.opener().open(); var stdin = command.stdin()) {
            throttle.retarget(stdin);
            OutputStream sink = digest == null ? throttle : new DigestOutputStream(throttle, digest);
            var buf = new byte[32 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                sink.write(buf, 0, n);
                total += n;
            }
            sink.flush();
        } catch (IOException e) {
            // the target may have refused early (missing directory): report its reason, not the broken pipe
            awaitQuietly(command);
            if (command.exitStatus() != null && command.exitStatus() != 0) throw refused(command, err, path);
            throw e;
        }
        try {
            command.closed().get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IOException("upload of " + path + " did not finish: " + e.getMessage());
        }
        if (!Integer.valueOf(0).equals(command.exitStatus())) throw refused(command, err, path);
        var sha = known == null ? HexFormat.of().formatHex(digest.digest()) : known.toLowerCase(java.util.Locale.ROOT);
        var onTarget = out.toString(StandardCharsets.UTF_8).trim();
        if (onTarget.length() < 64) {
            throw new HostFailure(HostState.FAILED, "cannot verify " + path + " (no SHA-256 from openssl or sha256sum): "
                    + err.toString(StandardCharsets.UTF_8).trim());
        }
        onTarget = onTarget.substring(0, 64);
        if (!sha.equalsIgnoreCase(onTarget)) {
            throw new HostFailure(HostState.FAILED, "sha256 mismatch for " + path + ": sent " + sha + ", target has " + onTarget);
        }
        return new Sent(total, sha);
    }

    private static HostFailure refused(Transport.Command command, ByteArrayOutputStream err, String path) {
        var reason = err.toString(StandardCharsets.UTF_8).trim();
        if (command.exitStatus() != null && command.exitStatus() == ShellQuoting.NO_TARGET_DIR) {
            return new HostFailure(HostState.FAILED, reason);
        }
        return new HostFailure(HostState.FAILED, "cannot write " + path + " (exit " + command.exitStatus() + ")"
                + (reason.isEmpty() ? "" : ": " + reason));
    }

    private static void awaitQuietly(Transport.Command command) {
        try {
            command.closed().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the caller reports the original failure
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
