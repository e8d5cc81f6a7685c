package dev.opsflow.engine.store;

import java.time.Instant;

/**
 * One stored template version.
 *
 * @param created true when {@link TaskRepository#saveTemplate} created this version, false when the
 *                source was identical to the latest version
 */
public record TemplateVersionRecord(String project, String name, int version, String source, String description,
                                    String createdBy, Instant createdAt, boolean created) {
}
