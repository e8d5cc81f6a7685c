package dev.opsflow.jobs.run;

import java.time.Instant;

/**
 * An uploaded file kept at {@code <dataDir>/artifacts/<sha256>} (same content is stored once).
 *
 * @param id     {@code a_<random>}, what file steps reference
 * @param name   the file name written on the targets
 * @param size   bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record Artifact(String id, String project, String name, long size, String sha256, Instant createdAt,
                       String createdBy) {
}
