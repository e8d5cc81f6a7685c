package dev.opsflow.jobs.library;

import dev.opsflow.exec.Language;
import java.time.Instant;

/**
 * A library script: its identity and language; content lives in {@link ScriptVersion}s.
 *
 * @param latestVersion highest version number
 * @param onlineVersion highest ONLINE version, or null when none is online
 */
public record Script(String project, String name, Language language, String description, Instant createdAt,
                     String createdBy, Instant updatedAt, int latestVersion, Integer onlineVersion) {
}
