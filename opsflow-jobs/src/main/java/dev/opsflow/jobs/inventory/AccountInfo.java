package dev.opsflow.jobs.inventory;

import java.time.Instant;

/** A stored account (no secret: the credential is referenced by name). */
public record AccountInfo(String name, String user, String credential, String sudoUser, Instant createdAt, Instant updatedAt) {
}
