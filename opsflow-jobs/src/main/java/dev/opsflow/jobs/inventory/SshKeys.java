package dev.opsflow.jobs.inventory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import javax.security.auth.login.FailedLoginException;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Checks private keys with Apache MINA SSHD's loaders (OpenSSH and PEM forms) and describes their
 * public half. Messages never contain key material.
 */
public final class SshKeys {
    private SshKeys() {
    }

    /**
     * @param type        SSH key type, e.g. {@code ssh-ed25519}, {@code ssh-rsa}, {@code ecdsa-sha2-nistp256}
     * @param fingerprint OpenSSH SHA-256 fingerprint, e.g. {@code SHA256:kTTr8vnp...}
     * @param publicKey   authorized_keys form without comment, e.g. {@code ssh-ed25519 AAAAC3...}
     */
    public record KeyInfo(String type, String fingerprint, String publicKey) {
    }

    /**
     * Loads the first key pair of {@code pem}.
     *
     * @param passphrase null or empty for an unencrypted key
     * @throws IllegalArgumentException saying what is wrong: not a private key, encrypted without a
     *                                  passphrase, wrong passphrase, or an unsupported key type
     */
    public static KeyInfo inspect(String pem, String passphrase) {
        if (pem == null || pem.isBlank()) throw new IllegalArgumentException("a private key is required");
        if (!pem.contains("-----BEGIN ") || !pem.contains("PRIVATE KEY-----")) throw notAKey();
        var provider = passphrase == null || passphrase.isEmpty() ? null : FilePasswordProvider.of(passphrase);
        try (var in = new ByteArrayInputStream(pem.strip().concat("\n").getBytes(StandardCharsets.UTF_8))) {
            var pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("private key"), in, provider);
            if (pairs == null || !pairs.iterator().hasNext()) throw notAKey();
            return describe(pairs.iterator().next().getPublic());
        } catch (FailedLoginException e) {
            throw new IllegalArgumentException("the key is encrypted: a passphrase is required");
        } catch (StreamCorruptedException e) {
            throw new IllegalArgumentException(passphrase == null || passphrase.isEmpty()
                    ? "the key cannot be read (corrupt or truncated)" : "wrong passphrase (or a corrupt key)");
        } catch (GeneralSecurityException e) {
            var m = String.valueOf(e.getMessage());
            if (m.contains("ed25519") || m.contains("EdDSA")) {
                throw new IllegalArgumentException("ed25519 keys need an EdDSA provider (net.i2p.crypto:eddsa or "
                        + "BouncyCastle) on the server's classpath, which this build lacks; use an RSA or ECDSA key");
            }
            throw new IllegalArgumentException("unsupported or invalid key (" + e.getClass().getSimpleName() + ")");
        } catch (IOException | RuntimeException e) {
            var m = String.valueOf(e.getMessage());
            if (m.contains("BouncyCastle")) {
                throw new IllegalArgumentException("encrypted PKCS#8 keys need BouncyCastle; convert the key with "
                        + "'ssh-keygen -p -f key' (OpenSSH format) and upload that");
            }
            throw new IllegalArgumentException("the key cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static IllegalArgumentException notAKey() {
        return new IllegalArgumentException("not a private key: expected an OpenSSH (-----BEGIN OPENSSH PRIVATE KEY-----) "
                + "or PEM (-----BEGIN RSA/EC/PRIVATE KEY-----) private key");
    }

    /** @return type, fingerprint and authorized_keys form of {@code key} */
    public static KeyInfo describe(PublicKey key) {
        return new KeyInfo(KeyUtils.getKeyType(key), KeyUtils.getFingerPrint(key), PublicKeyEntry.toString(key));
    }

    /**
     * @param publicKey authorized_keys form ({@code type base64 [comment]})
     * @return its description, or type "unknown" and fingerprint "?" when SSHD cannot decode it
     */
    public static KeyInfo describe(String publicKey) {
        try {
            var key = PublicKeyEntry.parsePublicKeyEntry(publicKey).resolvePublicKey(null, null, null);
            if (key != null) return describe(key);
        } catch (IOException | GeneralSecurityException | RuntimeException ignored) {
            // fall through: keep the stored text as is
        }
        var type = publicKey.contains(" ") ? publicKey.substring(0, publicKey.indexOf(' ')) : "unknown";
        return new KeyInfo(type, "?", publicKey);
    }
}
