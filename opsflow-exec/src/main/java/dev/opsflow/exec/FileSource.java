package dev.opsflow.exec;

import java.nio.file.Path;
import java.util.Objects;

/** Where the files of a file-push step come from. */
public sealed interface FileSource {

    /**
     * A file uploaded to the Opsflow server beforehand. Streamed from disk, never loaded in memory.
     *
     * @param name   file name written on the targets (no directories)
     * @param file   where the server keeps it
     * @param size   size in bytes (checked against the file before the push)
     * @param sha256 lower-case hex SHA-256 of the content, verified on every target after upload
     */
    record Uploaded(String name, Path file, long size, String sha256) implements FileSource {
        public Uploaded {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            if (name.contains("/") || name.isBlank() || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("invalid file name '" + name + "'");
            }
        }
    }

    /**
     * Files on another host, read over SFTP (or locally for {@link Host#local()}).
     *
     * @param host       the source host
     * @param account    the account to log in to the source host with
     * @param pathOrGlob an absolute path, or a glob in the last path segment ({@code /var/log/app/*.log});
     *                   the glob is expanded on the source host, only regular files are taken
     */
    record RemoteFiles(Host host, Account account, String pathOrGlob) implements FileSource {
        public RemoteFiles {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(pathOrGlob, "pathOrGlob");
        }
    }
}
