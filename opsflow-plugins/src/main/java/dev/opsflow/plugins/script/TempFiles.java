package dev.opsflow.plugins.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Best-effort removal of the script's private temporary directory. */
final class TempFiles {
    private TempFiles() {
    }

    /** Deletes {@code root} and everything below it; files that cannot be deleted are left behind. */
    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind; the OS temp cleaner will get it
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // root vanished or became unreadable: nothing more to do
        }
    }
}
