package dev.opsflow.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** File operations on one host: SFTP remotely, java.nio locally. Paths are absolute POSIX paths. */
interface FileAccess {
    /** A regular file found by {@link #glob}. */
    record Entry(String path, String name, long size) {}

    boolean isDirectory(String path) throws IOException;

    /** Creates {@code path} and missing parents. */
    void mkdirs(String path) throws IOException;

    /** Opens {@code path} for writing, truncating it. */
    OutputStream write(String path) throws IOException;

    InputStream read(String path) throws IOException;

    /**
     * Expands {@code pathOrGlob} (glob characters allowed in the last segment only) to regular files,
     * sorted by name. A plain path yields that one file. Nothing found is an IOException.
     */
    List<Entry> glob(String pathOrGlob) throws IOException;

    /** @return true when the last segment of {@code path} contains glob characters */
    static boolean isGlob(String segment) {
        return segment.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
