package dev.opsflow.jobs.inventory;

import java.time.Instant;

/**
 * The public description of a stored credential; it carries no secret.
 *
 * @param keyType     ssh-key: e.g. {@code ssh-rsa}; null for passwords
 * @param fingerprint ssh-key: OpenSSH SHA-256 fingerprint of the public key; null for passwords
 */
public record CredentialInfo(String name, CredentialKind kind, String keyType, String fingerprint, Instant createdAt,
                             String createdBy) {
}
