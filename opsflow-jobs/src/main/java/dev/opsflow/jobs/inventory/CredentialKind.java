package dev.opsflow.jobs.inventory;

/** Kinds of secret material. Stored by {@link #apiName()}. */
public enum CredentialKind {
    /** An SSH private key (ed25519, RSA, ECDSA), optionally with a passphrase. */
    SSH_KEY("ssh-key"),
    /** A password for SSH password authentication. */
    PASSWORD("password");

    private final String apiName;

    CredentialKind(String apiName) {
        this.apiName = apiName;
    }

    /** @return {@code ssh-key} or {@code password} */
    public String apiName() {
        return apiName;
    }

    /** @throws IllegalArgumentException for anything but ssh-key / password */
    public static CredentialKind parse(String s) {
        for (var k : values()) if (k.apiName.equals(s)) return k;
        throw new IllegalArgumentException("kind must be 'ssh-key' or 'password' but was " + (s == null ? "missing" : "'" + s + "'"));
    }
}
