package dev.opsflow.jobs.run;

import dev.opsflow.exec.DuplicatePolicy;
import dev.opsflow.exec.Rolling;
import java.time.Duration;
import java.util.List;

/**
 * A quick file distribution: every source to {@code targetDir} on every target.
 *
 * @param sources uploaded artifacts and/or files on source hosts
 */
public record QuickFileRequest(String name, List<FileSourceRef> sources, String targetDir, boolean createTargetDir,
                               DuplicatePolicy onDuplicate, long bandwidthBytesPerSecond, Duration timeout, String account,
                               List<String> targets, Integer concurrency, Rolling rolling) {
    public QuickFileRequest {
        sources = sources == null ? List.of() : List.copyOf(sources);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
