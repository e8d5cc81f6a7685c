package dev.opsflow.jobs.inventory;

import dev.opsflow.exec.Account;
import dev.opsflow.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/** Accounts of a project (name → OS user, credential, sudo user) on JDBC. Thread-safe. */
public final class AccountService {
    private static final String COLUMNS = "name, os_user, credential, sudo_user, created_at, updated_at";
    private final Sql sql;
    private final CredentialService credentials;
    private final Clock clock;

    public AccountService(DataSource ds, CredentialService credentials, Clock clock) {
        this.sql = new Sql(ds);
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * @throws dev.opsflow.engine.template.TemplateInvalidException for invalid fields or an unknown credential
     * @throws InventoryConflictException                           when the name is taken
     */
    public AccountInfo create(String project, AccountSpec spec) {
        validate(spec);
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            requireCredential(c, project, spec.credential());
            if (find(c, project, spec.name()) != null) {
                throw new InventoryConflictException("account '" + spec.name() + "' already exists in project '" + project + "'");
            }
            var now = clock.instant();
            Sql.update(c, "INSERT INTO inv_account (project, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", project, spec.name(),
                    spec.user(), spec.credential(), spec.sudoUser(), now, now);
            return find(c, project, spec.name());
        });
    }

    /** Replaces user, credential and sudo user; the spec's name must be {@code name} or null. */
    public AccountInfo update(String project, String name, AccountSpec spec) {
        var p = new Problems();
        if (spec.name() != null && !spec.name().equals(name)) {
            p.add("name", "rename-not-supported", "name '" + spec.name() + "' differs from the account '" + name + "' being updated");
        }
        var fixed = new AccountSpec(name, spec.user(), spec.credential(), spec.sudoUser());
        fixed.validate(p);
        p.throwIfAny();
        return sql.tx(c -> {
            requireCredential(c, project, fixed.credential());
            int n = Sql.update(c, "UPDATE inv_account SET os_user = ?, credential = ?, sudo_user = ?, updated_at = ? "
                    + "WHERE project = ? AND name = ?", fixed.user(), fixed.credential(), fixed.sudoUser(), clock.instant(), project, name);
            if (n == 0) throw notFound(project, name);
            return find(c, project, name);
        });
    }

    public List<AccountInfo> list(String project) {
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            return Sql.list(c, "SELECT " + COLUMNS + " FROM inv_account WHERE project = ? ORDER BY name", AccountService::info, project);
        });
    }

    /** @throws NoSuchElementException naming the account */
    public AccountInfo info(String project, String name) {
        var a = sql.tx(c -> find(c, project, name));
        if (a == null) throw notFound(project, name);
        return a;
    }

    public void delete(String project, String name) {
        sql.tx(c -> {
            if (Sql.update(c, "DELETE FROM inv_account WHERE project = ? AND name = ?", project, name) == 0) throw notFound(project, name);
            return null;
        });
    }

    /**
     * @return the account with its credential decrypted, ready for {@link dev.opsflow.exec.HostExecutor}
     * @throws NoSuchElementException for an unknown account (or a credential deleted behind its back)
     */
    public Account account(String project, String name) {
        var a = info(project, name);
        var credential = a.credential() == null ? null : credentials.credential(project, a.credential());
        return new Account(a.name(), a.user(), credential, a.sudoUser());
    }

    private static void validate(AccountSpec spec) {
        var p = new Problems();
        spec.validate(p);
        p.throwIfAny();
    }

    private static void requireCredential(Connection c, String project, String credential) throws SQLException {
        if (credential == null) return;
        if (Sql.one(c, "SELECT name FROM inv_credential WHERE project = ? AND name = ?", rs -> rs.getString(1), project, credential).isEmpty()) {
            var p = new Problems();
            p.add("credential", "unknown-credential", "credential '" + credential + "' does not exist in project '" + project + "'");
            p.throwIfAny();
        }
    }

    private static AccountInfo find(Connection c, String project, String name) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM inv_account WHERE project = ? AND name = ?", AccountService::info, project, name)
                .orElse(null);
    }

    private static AccountInfo info(ResultSet rs) throws SQLException {
        return new AccountInfo(rs.getString("name"), rs.getString("os_user"), rs.getString("credential"), rs.getString("sudo_user"),
                Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"));
    }

    private static NoSuchElementException notFound(String project, String name) {
        return new NoSuchElementException("account '" + name + "' does not exist in project '" + project + "'");
    }
}
