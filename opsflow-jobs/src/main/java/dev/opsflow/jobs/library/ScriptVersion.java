package dev.opsflow.jobs.library;

import dev.opsflow.exec.Language;
import java.time.Instant;

/** One immutable version of a library script; only {@code state} changes over time. */
public record ScriptVersion(String project, String name, Language language, int version, String content,
                            ScriptVersionState state, String remark, Instant createdAt, String createdBy,
                            Instant stateChangedAt, String stateChangedBy) {
}
