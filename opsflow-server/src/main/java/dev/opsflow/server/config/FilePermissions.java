package dev.opsflow.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Restricts files holding secrets to their owner. */
public final class FilePermissions {
    private FilePermissions() {
    }

    /** Sets mode 0600 where the file system supports POSIX permissions. */
    public static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // non-POSIX file systems: nothing more can be done here
        }
    }
}
