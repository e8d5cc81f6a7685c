package dev.opsflow.exec;

import java.util.Objects;

/**
 * The OS user a script runs as.
 *
 * @param name       display name of the account in Opsflow
 * @param user       the login user on the host (for {@link Host#local()} ignored: the server's own user)
 * @param credential how to log in; may be null only for local-only use
 * @param sudoUser   when non-null the script runs through {@code sudo -n -u sudoUser} after login
 *                   (non-interactive: a sudo that wants a password fails the host)
 */
public record Account(String name, String user, Credential credential, String sudoUser) {
    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
    }
}
