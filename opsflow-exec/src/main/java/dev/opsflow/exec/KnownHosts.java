package dev.opsflow.exec;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Storage port for accepted SSH host keys, keyed by (address, port). Implementations must be
 * thread-safe: many hosts are verified concurrently.
 *
 * <p>Keys are in OpenSSH authorized_keys form, e.g. {@code "ssh-ed25519 AAAAC3Nza..."} (type and
 * base64 blob, no comment).
 */
public interface KnownHosts {
    /** @return the key recorded for {@code address:port}, if any */
    Optional<String> find(String address, int port);

    /** Records (or replaces) the key of {@code address:port}. */
    void record(String address, int port, String publicKey);

    /** @return a thread-safe in-memory implementation (tests, single-shot tools) */
    static KnownHosts inMemory() {
        return new KnownHosts() {
            private final ConcurrentMap<String, String> keys = new ConcurrentHashMap<>();

            @Override
            public Optional<String> find(String address, int port) {
                return Optional.ofNullable(keys.get(address + ":" + port));
            }

            @Override
            public void record(String address, int port, String publicKey) {
                keys.put(address + ":" + port, publicKey);
            }
        };
    }
}
