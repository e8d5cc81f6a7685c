package dev.opsflow.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The server's own host: commands through {@code sh -c} child processes, files through java.nio. */
final class LocalTransport implements Transport {
    /** The only variables of the server's environment a local command sees. */
    static final java.util.Set<String> INHERITED_ENV = java.util.Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL",
            "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Command start(String command, OutputStream stdout, OutputStream stderr) throws IOException {
        var builder = new ProcessBuilder("sh", "-c", command);
        // like an SSH login, not like a child of the server: the server's environment can hold its
        // database password, secret key or admin password
        var env = builder.environment();
        env.keySet().retainAll(INHERITED_ENV);
        var process = builder.start();
        processes.add(process);
        var out = Thread.ofVirtual().name("local-stdout").start(() -> pump(process.getInputStream(), stdout));
        var err = Thread.ofVirtual().name("local-stderr").start(() -> pump(process.getErrorStream(), stderr));
        var closed = CompletableFuture.runAsync(() -> {
            try {
                process.waitFor();
                out.join();
                err.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, r -> Thread.ofVirtual().start(r));
        return new Command() {
            @Override
            public OutputStream stdin() {
                return process.getOutputStream();
            }

            @Override
            public CompletableFuture<Void> closed() {
                return closed;
            }

            @Override
            public Integer exitStatus() {
                return process.isAlive() ? null : process.exitValue();
            }

            @Override
            public void abort() {
                process.destroyForcibly();
            }
        };
    }

    private static void pump(InputStream in, OutputStream out) {
        var buf = new byte[8192];
        try (in; out) {
            int n;
            while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
        } catch (IOException ignored) {
            // process ended or was destroyed; whatever arrived was delivered
        }
    }

    @Override
    public FileAccess files() {
        return new FileAccess() {
            @Override
            public InputStream read(String path) throws IOException {
                return Files.newInputStream(Path.of(path));
            }

            @Override
            public List<Entry> glob(String pathOrGlob) throws IOException {
                var name = FileAccess.lastSegment(pathOrGlob);
                var found = new ArrayList<Entry>();
                if (!FileAccess.isGlob(name)) {
                    var p = Path.of(pathOrGlob);
                    if (!Files.isRegularFile(p)) throw new IOException(pathOrGlob + " is not a regular file");
                    found.add(new Entry(pathOrGlob, name, Files.size(p)));
                    return found;
                }
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(FileAccess.parent(pathOrGlob)), name)) {
                    for (var p : dir) {
                        if (Files.isRegularFile(p)) found.add(new Entry(p.toString(), p.getFileName().toString(), Files.size(p)));
                    }
                }
                if (found.isEmpty()) throw new IOException("no files match " + pathOrGlob + " on local");
                found.sort(Comparator.comparing(Entry::name));
                return found;
            }
        };
    }

    @Override
    public String lossReason() {
        return null;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
