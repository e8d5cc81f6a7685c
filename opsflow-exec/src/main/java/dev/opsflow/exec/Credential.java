package dev.opsflow.exec;

import java.util.Objects;

/**
 * Secret material used to log in to a host. {@code toString()} never reveals the secret.
 */
public sealed interface Credential {

    /**
     * A private key: ed25519, RSA or ECDSA, in OpenSSH ({@code -----BEGIN OPENSSH PRIVATE KEY-----})
     * or PEM (PKCS#1 / PKCS#8 / SEC1) form.
     *
     * @param pem        the whole key file text
     * @param passphrase passphrase of an encrypted key; null when the key is not encrypted
     */
    record PrivateKey(String pem, String passphrase) implements Credential {
        public PrivateKey {
            Objects.requireNonNull(pem, "pem");
        }

        @Override
        public String toString() {
            return "PrivateKey[pem=******, passphrase=" + (passphrase == null ? "none" : "******") + "]";
        }
    }

    /** A password for SSH "password" (and "keyboard-interactive") authentication. */
    record Password(String password) implements Credential {
        public Password {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Password[******]";
        }
    }
}
