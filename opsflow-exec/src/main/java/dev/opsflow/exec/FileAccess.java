package dev.opsflow.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reading source files on one host: SFTP remotely, java.nio locally. Paths are absolute POSIX paths.
 * (Pushes write through one exec channel per file, see {@link FilePusher}.)
 */
interface FileAccess {
    /** A regular file found by {@link #glob}. */
    record Entry(String path, String name, long size) {}

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
