package dev.opsflow.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The files of a push, resolved once per run: uploaded files checked against their declared size,
 * remote globs expanded on their source hosts over one session per source host (kept open for the
 * run, since every target streams from it). Thread-safe; closed when the run ends.
 */
final class SourceFiles implements AutoCloseable {

    /** One file to write on every target. {@code subdir} is the source host's name, or null. */
    record SourceFile(String name, String subdir, long size, String expectedSha256, Opener opener) {}

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    private final ConcurrentMap<String, Transport> sourceTransports = new ConcurrentHashMap<>();
    private volatile List<SourceFile> resolved;
    private volatile HostFailure failure;

    /**
     * Resolves the sources once; later callers get the same answer (or the same failure).
     *
     * @param opener opens a source host's transport (connect + auth)
     */
    synchronized List<SourceFile> resolve(FileSpec spec, Function<FileSource.RemoteFiles, Transport> opener) throws HostFailure {
        if (failure != null) throw failure;
        if (resolved != null) return resolved;
        try {
            var files = new ArrayList<SourceFile>();
            for (var source : spec.sources()) {
                switch (source) {
                    case FileSource.Uploaded u -> {
                        long actual = Files.size(u.file());
                        if (actual != u.size()) {
                            throw new HostFailure(HostState.FAILED, "uploaded file '" + u.name() + "' has " + actual
                                    + " bytes, expected " + u.size());
                        }
                        files.add(new SourceFile(u.name(), null, u.size(), u.sha256(), () -> Files.newInputStream(u.file())));
                    }
                    case FileSource.RemoteFiles r -> {
                        var transport = sourceTransports.computeIfAbsent(r.host().name(), k -> opener.apply(r));
                        var access = transport.files();
                        var subdir = spec.onDuplicate() == DuplicatePolicy.PER_SOURCE_HOST_SUBDIR ? r.host().name() : null;
                        for (var e : access.glob(r.pathOrGlob())) {
                            files.add(new SourceFile(e.name(), subdir, e.size(), null, () -> access.read(e.path())));
                        }
                    }
                }
            }
            resolved = List.copyOf(files);
            return resolved;
        } catch (HostFailure f) {
            failure = f;
            throw f;
        } catch (UncheckedHostFailure u) {
            failure = new HostFailure(HostState.FAILED, "source host: " + u.failure.getMessage());
            throw failure;
        } catch (IOException e) {
            failure = new HostFailure(HostState.FAILED, "cannot read the source files: " + e.getMessage());
            throw failure;
        }
    }

    /** Carries a HostFailure through {@link Function#apply}. */
    static final class UncheckedHostFailure extends RuntimeException {
        final HostFailure failure;

        UncheckedHostFailure(HostFailure failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    @Override
    public void close() {
        sourceTransports.values().forEach(Transport::close);
    }
}
