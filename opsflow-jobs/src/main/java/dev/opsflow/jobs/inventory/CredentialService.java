package dev.opsflow.jobs.inventory;

import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.exec.Credential;
import dev.opsflow.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.sql.DataSource;
import tools.jackson.core.type.TypeReference;

/**
 * Credentials of a project: SSH private keys (checked and fingerprinted on the way in) and passwords.
 * The secret material is a JSON document encrypted with {@link SecretCodec} in column
 * {@code inv_credential.secret}; it leaves this class only through {@link #credential}, for the
 * runner. Nothing here logs. Thread-safe.
 */
public final class CredentialService {
    private static final TypeReference<Map<String, String>> SECRET = new TypeReference<>() {};
    private static final String INFO_COLUMNS = "name, kind, key_type, fingerprint, created_at, created_by";
    private final Sql sql;
    private final SecretCodec codec;
    private final Clock clock;

    public CredentialService(DataSource ds, SecretCodec codec, Clock clock) {
        this.sql = new Sql(ds);
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * @throws dev.opsflow.engine.template.TemplateInvalidException for a bad name, missing secret, a key
     *                                                              that does not parse or a wrong passphrase
     * @throws InventoryConflictException                           when the name is taken
     */
    public CredentialInfo create(String project, CredentialSpec spec, String actor) {
        var sealed = seal(spec);
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            if (find(c, project, spec.name()) != null) {
                throw new InventoryConflictException("credential '" + spec.name() + "' already exists in project '" + project + "'");
            }
            Sql.update(c, "INSERT INTO inv_credential (project, name, kind, secret, key_type, fingerprint, created_at, created_by) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", project, spec.name(), spec.kind().apiName(), sealed.secret,
                    sealed.type, sealed.fingerprint, clock.instant(), actor);
            return find(c, project, spec.name());
        });
    }

    /** Replaces the secret (key rotation); accounts using the credential pick it up on their next run. */
    public CredentialInfo replace(String project, String name, CredentialSpec spec, String actor) {
        var fixed = new CredentialSpec(name, spec.kind(), spec.privateKey(), spec.passphrase(), spec.password());
        var sealed = seal(fixed);
        return sql.tx(c -> {
            int n = Sql.update(c, "UPDATE inv_credential SET kind = ?, secret = ?, key_type = ?, fingerprint = ?, created_at = ?, "
                            + "created_by = ? WHERE project = ? AND name = ?", fixed.kind().apiName(), sealed.secret, sealed.type,
                    sealed.fingerprint, clock.instant(), actor, project, name);
            if (n == 0) throw notFound(project, name);
            return find(c, project, name);
        });
    }

    public List<CredentialInfo> list(String project) {
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            return Sql.list(c, "SELECT " + INFO_COLUMNS + " FROM inv_credential WHERE project = ? ORDER BY name",
                    CredentialService::info, project);
        });
    }

    /** @throws NoSuchElementException naming the credential */
    public CredentialInfo info(String project, String name) {
        var info = sql.tx(c -> find(c, project, name));
        if (info == null) throw notFound(project, name);
        return info;
    }

    /** @throws InventoryConflictException while an account uses the credential, naming the accounts */
    public void delete(String project, String name) {
        sql.tx(c -> {
            var users = Sql.list(c, "SELECT name FROM inv_account WHERE project = ? AND credential = ? ORDER BY name",
                    rs -> rs.getString(1), project, name);
            if (!users.isEmpty()) {
                throw new InventoryConflictException("credential '" + name + "' is used by account(s) " + String.join(", ", users)
                        + "; change or delete them first");
            }
            if (Sql.update(c, "DELETE FROM inv_credential WHERE project = ? AND name = ?", project, name) == 0) {
                throw notFound(project, name);
            }
            return null;
        });
    }

    /** @return the decrypted secret material, for logging in to hosts only */
    public Credential credential(String project, String name) {
        var stored = sql.tx(c -> Sql.one(c, "SELECT kind, secret FROM inv_credential WHERE project = ? AND name = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, project, name)).orElseThrow(() -> notFound(project, name));
        var secret = Sql.JSON.readValue(codec.decrypt(stored[1]), SECRET);
        return switch (CredentialKind.parse(stored[0])) {
            case SSH_KEY -> new Credential.PrivateKey(secret.get("privateKey"), secret.get("passphrase"));
            case PASSWORD -> new Credential.Password(secret.get("password"));
        };
    }

    private record Sealed(String secret, String type, String fingerprint) {
    }

    private Sealed seal(CredentialSpec spec) {
        var p = new Problems();
        p.name("name", 0, "credential", spec.name());
        if (spec.kind() == null) {
            p.add("kind", "required", "kind is required: 'ssh-key' or 'password'");
            p.throwIfAny();
        }
        var secret = new LinkedHashMap<String, String>();
        String type = null;
        String fingerprint = null;
        if (spec.kind() == CredentialKind.SSH_KEY) {
            if (spec.password() != null) p.add("password", "not-allowed", "an ssh-key credential has privateKey and passphrase, not password");
            if (spec.privateKey() == null || spec.privateKey().isBlank()) {
                p.add("privateKey", "required", "privateKey is required for kind ssh-key");
            } else {
                try {
                    var key = SshKeys.inspect(spec.privateKey(), spec.passphrase());
                    type = key.type();
                    fingerprint = key.fingerprint();
                } catch (IllegalArgumentException e) {
                    var field = e.getMessage().contains("passphrase") ? "passphrase" : "privateKey";
                    p.add(field, "invalid-key", e.getMessage());
                }
                secret.put("privateKey", spec.privateKey());
                if (spec.passphrase() != null && !spec.passphrase().isEmpty()) secret.put("passphrase", spec.passphrase());
            }
        } else {
            if (spec.privateKey() != null || spec.passphrase() != null) {
                p.add("privateKey", "not-allowed", "a password credential has password, not privateKey or passphrase");
            }
            if (spec.password() == null || spec.password().isEmpty()) p.add("password", "required", "password is required for kind password");
            else secret.put("password", spec.password());
        }
        p.throwIfAny();
        return new Sealed(codec.encrypt(Sql.JSON.writeValueAsString(secret)), type, fingerprint);
    }

    private static CredentialInfo find(Connection c, String project, String name) throws SQLException {
        return Sql.one(c, "SELECT " + INFO_COLUMNS + " FROM inv_credential WHERE project = ? AND name = ?",
                CredentialService::info, project, name).orElse(null);
    }

    private static CredentialInfo info(ResultSet rs) throws SQLException {
        return new CredentialInfo(rs.getString("name"), CredentialKind.parse(rs.getString("kind")), rs.getString("key_type"),
                rs.getString("fingerprint"), Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"));
    }

    private static NoSuchElementException notFound(String project, String name) {
        return new NoSuchElementException("credential '" + name + "' does not exist in project '" + project + "'");
    }
}
