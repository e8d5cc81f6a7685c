package dev.opsflow.jobs.inventory;

import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Throw-away SSH keys generated per test run (no key material in the repository). */
final class TestKeys {
    private TestKeys() {
    }

    static KeyPair generate(String algorithm, int bits) {
        try {
            var g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the key in OpenSSH form, encrypted with {@code passphrase} when it is non-null */
    static String openssh(KeyPair kp, String passphrase) {
        try {
            var out = new ByteArrayOutputStream();
            OpenSSHKeyEncryptionContext options = null;
            if (passphrase != null) {
                options = new OpenSSHKeyEncryptionContext();
                options.setCipherName("AES");
                options.setCipherMode("CTR");
                options.setCipherType("256");
                options.setPassword(passphrase);
            }
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "test", options, out);
            return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the private key as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") */
    static String pkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
