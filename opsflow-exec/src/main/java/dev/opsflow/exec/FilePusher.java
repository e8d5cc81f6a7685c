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
 * Pushes the resolved source files to one target host over SFTP: checks or creates the target
 * directory, streams each file (through the host's throttle) while hashing what was sent, then runs
 * {@code sha256sum} on the target and compares. stdout gets one line per file written:
 * {@code <path> <size> <sha256>}.
 */
final class FilePusher implements HostTask {
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
        } catch (HostFailure f) {
            record.finish(f.state(), null, f.getMessage());
        } catch (IOException | RuntimeException e) {
            if (timedOut.get()) {
                record.finish(HostState.TIMED_OUT, null, "file push timed out after " + spec.timeout().toMillis() + " ms");
            } else if (control.terminatedReason() != null) {
                record.finish(HostState.TERMINATED, null, control.terminatedReason());
            } else {
                record.finish(HostState.FAILED, null, "file push failed: " + e.getMessage());
            }
        }
    }

    private void push(HostRecord record, Transport transport, java.util.List<SourceFiles.SourceFile> files)
            throws IOException, HostFailure {
        var access = transport.files();
        var dir = spec.targetDir();
        if (!access.isDirectory(dir)) {
            if (!spec.createTargetDir()) throw new HostFailure(HostState.FAILED, "target directory " + dir + " does not exist");
            access.mkdirs(dir);
        }
        var throttle = new ThrottledOutputStream(OutputStream.nullOutputStream(), spec.bandwidthBytesPerSecond());
        for (var file : files) {
            var targetDir = file.subdir() == null ? dir : dir + "/" + file.subdir();
            if (file.subdir() != null) access.mkdirs(targetDir);
            var path = targetDir + "/" + file.name();
            var sent = copy(file, access, path, throttle);
            var onTarget = targetSha256(transport, path);
            if (!sent.sha256.equalsIgnoreCase(onTarget)) {
                throw new HostFailure(HostState.FAILED, "sha256 mismatch for " + path + ": sent " + sent.sha256 + ", target has " + onTarget);
            }
            var line = path + " " + sent.bytes + " " + sent.sha256;
            record.stdout.append(line + "\n");
            listener.output(record.host.name(), "stdout", line);
        }
    }

    private record Sent(long bytes, String sha256) {}

    /**
     * Streams one file to the target. An uploaded artifact's SHA-256 is known (its store is content
     * addressed), so it is not hashed again for every target: the target's own {@code sha256sum} check
     * compares against the known value and catches any change on either side. Files read from source
     * hosts are hashed while they stream.
     */
    private static Sent copy(SourceFiles.SourceFile file, FileAccess access, String path, ThrottledOutputStream throttle)
            throws IOException {
        var known = file.expectedSha256();
        var digest = known == null ? sha256() : null;
        long total = 0;
        try (var in = file.opener().open(); var target = access.write(path)) {
            throttle.retarget(target);
            OutputStream out = digest == null ? throttle : new DigestOutputStream(throttle, digest);
            var buf = new byte[32 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                total += n;
            }
            out.flush();
        }
        return new Sent(total, digest == null ? known.toLowerCase(java.util.Locale.ROOT)
                : HexFormat.of().formatHex(digest.digest()));
    }

    private String targetSha256(Transport transport, String path) throws IOException, HostFailure {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var command = transport.start(ShellQuoting.sha256Command(path, null), out, err);
        command.stdin().close();
        try {
            command.closed().get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IOException("sha256sum on the target did not finish: " + e.getMessage());
        }
        var text = out.toString(StandardCharsets.UTF_8).trim();
        if (!Integer.valueOf(0).equals(command.exitStatus()) || text.length() < 64) {
            throw new HostFailure(HostState.FAILED, "cannot verify " + path + " with sha256sum: "
                    + err.toString(StandardCharsets.UTF_8).trim());
        }
        return text.substring(0, 64);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
