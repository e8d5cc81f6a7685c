package dev.opsflow.jobs.inventory;

/**
 * What a caller sends to store a credential. Secret fields are never echoed back or logged;
 * {@link #toString()} masks them.
 *
 * @param privateKey ssh-key: the whole key file text (OpenSSH or PEM)
 * @param passphrase ssh-key: passphrase of an encrypted key, else null
 * @param password   password: the password
 */
public record CredentialSpec(String name, CredentialKind kind, String privateKey, String passphrase, String password) {
    public static CredentialSpec sshKey(String name, String privateKey, String passphrase) {
        return new CredentialSpec(name, CredentialKind.SSH_KEY, privateKey, passphrase, null);
    }

    public static CredentialSpec password(String name, String password) {
        return new CredentialSpec(name, CredentialKind.PASSWORD, null, null, password);
    }

    @Override
    public String toString() {
        return "CredentialSpec[name=" + name + ", kind=" + kind + ", secrets=******]";
    }
}
