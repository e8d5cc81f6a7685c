package dev.opsflow.jobs.inventory;

import java.time.Instant;

/**
 * An accepted SSH host key.
 *
 * @param publicKey authorized_keys form ({@code ssh-ed25519 AAAA...})
 * @param firstSeen when the key was recorded (trust on first use) or last replaced
 */
public record KnownHostKey(String address, int port, String keyType, String fingerprint, String publicKey, Instant firstSeen) {
}
