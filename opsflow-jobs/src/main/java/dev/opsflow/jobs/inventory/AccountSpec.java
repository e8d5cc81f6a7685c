package dev.opsflow.jobs.inventory;

/**
 * An account: the OS user a script runs as on a host.
 *
 * @param name       unique per project
 * @param user       login user on the host (POSIX user name)
 * @param credential name of a credential of the same project; null for an account used only on {@code local}
 * @param sudoUser   when set, scripts run through {@code sudo -n -u sudoUser} after login
 */
public record AccountSpec(String name, String user, String credential, String sudoUser) {
    static final java.util.regex.Pattern USER = java.util.regex.Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?", java.util.regex.Pattern.CASE_INSENSITIVE);

    void validate(Problems p) {
        p.name("name", 0, "account", name);
        if (user == null || user.isBlank()) p.add("user", "required", "user (the OS login user) is required");
        else if (!USER.matcher(user).matches()) p.add("user", "invalid-user", "user '" + user + "' is not a valid OS user name");
        if (credential != null && !Problems.NAME.matcher(credential).matches()) {
            p.add("credential", "invalid-name", "'" + credential + "' is not a credential name");
        }
        if (sudoUser != null && !USER.matcher(sudoUser).matches()) {
            p.add("sudoUser", "invalid-user", "sudoUser '" + sudoUser + "' is not a valid OS user name");
        }
    }
}
