package dev.opsflow.exec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A file-push step: copy every source file to {@code targetDir} on every target host.
 *
 * @param sources                  what to copy (at least one)
 * @param targetDir                absolute directory on the targets
 * @param createTargetDir          create the directory (and parents) when missing; otherwise a missing
 *                                 directory fails the host with "target directory /x does not exist"
 * @param onDuplicate              how same-named files of different sources are kept apart
 * @param bandwidthBytesPerSecond  upload limit per target host in bytes/s; 0 = unlimited
 * @param timeout                  wall-clock limit per target host; null or zero = none
 */
public record FileSpec(List<FileSource> sources, String targetDir, boolean createTargetDir,
                       DuplicatePolicy onDuplicate, long bandwidthBytesPerSecond, Duration timeout) {
    public FileSpec {
        sources = List.copyOf(sources);
        Objects.requireNonNull(targetDir, "targetDir");
        if (sources.isEmpty()) throw new IllegalArgumentException("a file push needs at least one source");
        if (!targetDir.startsWith("/")) throw new IllegalArgumentException("targetDir must be absolute: " + targetDir);
        if (bandwidthBytesPerSecond < 0) throw new IllegalArgumentException("bandwidth must be >= 0");
        onDuplicate = onDuplicate == null ? DuplicatePolicy.OVERWRITE : onDuplicate;
    }
}
