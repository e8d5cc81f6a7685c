package dev.opsflow.jobs.run;

import static dev.opsflow.jobs.library.JdbcSupport.args;

import dev.opsflow.exec.FileSource;
import dev.opsflow.jobs.library.JdbcSupport;
import dev.opsflow.store.jdbc.Jdbc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Uploaded files for file steps. Content is streamed to a temporary file while its SHA-256 is
 * computed (never held in memory), then moved to {@code <dataDir>/artifacts/<sha256>}; the row in
 * {@code job_artifact} gives it an id, a name and an owner project.
 */
public final class ArtifactStore {
    private final JdbcSupport db;
    private final Path dir;
    private final Clock clock;

    public ArtifactStore(DataSource ds, Path dataDir, Clock clock) {
        this.db = new JdbcSupport(ds);
        this.dir = dataDir.resolve("artifacts");
        this.clock = clock;
    }

    /**
     * Streams {@code content} into the store.
     *
     * @param name     file name on the targets (no '/')
     * @param maxBytes refuse (and delete) uploads larger than this; 0 = unlimited
     * @throws IllegalArgumentException for an invalid name or an upload over {@code maxBytes}
     */
    public Artifact store(String project, String name, InputStream content, long maxBytes, String actor) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException("name: a file name without '/' is required (?name=app.tar.gz)");
        }
        try {
            Files.createDirectories(dir);
            var tmp = dir.resolve("upload-" + UUID.randomUUID() + ".tmp");
            try {
                var digest = MessageDigest.getInstance("SHA-256");
                long size;
                try (var in = new DigestInputStream(content, digest); var out = Files.newOutputStream(tmp)) {
                    size = copy(in, out, maxBytes);
                }
                var sha = HexFormat.of().formatHex(digest.digest());
                var target = dir.resolve(sha);
                if (Files.exists(target)) Files.delete(tmp);
                else Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                var a = new Artifact("a_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), project, name,
                        size, sha, clock.instant(), actor);
                db.update("INSERT INTO job_artifact (id, project, name, sha256, size_bytes, created_at, created_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", args(a.id(), project, name, sha, size, a.createdAt(), actor));
                return a;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("storing artifact '" + name + "' failed: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws NoSuchElementException when the project has no such artifact */
    public Artifact get(String project, String id) {
        return db.queryOne("SELECT * FROM job_artifact WHERE project = ? AND id = ?", args(project, id), ArtifactStore::row)
                .orElseThrow(() -> new NoSuchElementException("artifact '" + id + "' does not exist in project '" + project + "'"));
    }

    public List<Artifact> list(String project, int limit) {
        return db.query("SELECT * FROM job_artifact WHERE project = ? ORDER BY created_at DESC, id LIMIT ?",
                args(project, limit), ArtifactStore::row);
    }

    /** @return the artifact as a file source for the executor */
    public FileSource.Uploaded source(String project, String id) {
        var a = get(project, id);
        return new FileSource.Uploaded(a.name(), file(a), a.size(), a.sha256());
    }

    /** @return where the content of {@code a} is kept */
    public Path file(Artifact a) {
        return dir.resolve(a.sha256());
    }

    private static long copy(InputStream in, java.io.OutputStream out, long maxBytes) throws IOException {
        var buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (maxBytes > 0 && total > maxBytes) {
                throw new IllegalArgumentException("upload exceeds the limit of " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    private static Artifact row(ResultSet rs) throws SQLException {
        return new Artifact(rs.getString("id"), rs.getString("project"), rs.getString("name"), rs.getLong("size_bytes"),
                rs.getString("sha256"), Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"));
    }
}
