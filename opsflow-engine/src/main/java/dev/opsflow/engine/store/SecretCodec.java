package dev.opsflow.engine.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret values at rest with AES-256-GCM (NIST SP 800-38D): a fresh 12-byte random nonce per
 * value, 128-bit tag. Stored form: {@code enc:v1:} + base64(nonce || ciphertext+tag). Thread-safe.
 */
public final class SecretCodec {
    private static final String PREFIX = "enc:v1:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    /**
     * @param key32 a 32-byte key
     * @throws IllegalArgumentException when the key is not 32 bytes
     */
    public SecretCodec(byte[] key32) {
        if (key32.length != 32) throw new IllegalArgumentException("secret key must be 32 bytes, got " + key32.length);
        this.key = new SecretKeySpec(key32.clone(), "AES");
    }

    /** @return a new random 32-byte key */
    public static byte[] newKey() {
        var k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    /** @return the stored form of {@code plain} */
    public String encrypt(String plain) {
        try {
            var nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            var c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            var ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * @param stored a value produced by {@link #encrypt}
     * @return the clear text
     * @throws IllegalArgumentException when the value is not encrypted or fails authentication (wrong key)
     */
    public String decrypt(String stored) {
        if (!isEncrypted(stored)) throw new IllegalArgumentException("value is not an encrypted secret");
        try {
            var all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            var c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("secret cannot be decrypted (wrong OPSFLOW_SECRET_KEY?)", e);
        }
    }

    /** @return true for values in the stored form */
    public static boolean isEncrypted(Object value) {
        return value instanceof String s && s.startsWith(PREFIX);
    }
}
