package dev.opsflow.jobs.inventory;

import dev.opsflow.exec.HostKeyPolicy;
import dev.opsflow.exec.KnownHosts;
import dev.opsflow.store.jdbc.Jdbc;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * Host-key trust: the per-project policy for unknown keys (default
 * {@link HostKeyPolicy#TRUST_ON_FIRST_USE}) and the accepted keys of a project's hosts, which an
 * operator can list and forget (to accept a legitimately changed key on the next connection).
 * Thread-safe.
 */
public final class HostKeyService {
    static final String POLICY = "host-key-policy";
    private final Sql sql;
    private final JdbcKnownHosts knownHosts;
    private final Clock clock;

    public HostKeyService(DataSource ds, Clock clock) {
        this.sql = new Sql(ds);
        this.knownHosts = new JdbcKnownHosts(ds, clock);
        this.clock = clock;
    }

    /** @return the store of accepted keys, to hand to {@link dev.opsflow.exec.HostExecutor} */
    public KnownHosts knownHosts() {
        return knownHosts;
    }

    /** @return the project's policy; TRUST_ON_FIRST_USE when never set */
    public HostKeyPolicy policy(String project) {
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            return Sql.one(c, "SELECT setting_value FROM inv_setting WHERE project = ? AND name = ?", rs -> rs.getString(1), project, POLICY)
                    .map(HostKeyPolicy::valueOf).orElse(HostKeyPolicy.TRUST_ON_FIRST_USE);
        });
    }

    public HostKeyPolicy setPolicy(String project, HostKeyPolicy policy, String actor) {
        sql.tx(c -> {
            Sql.requireProject(c, project);
            var now = clock.instant();
            if (Sql.update(c, "UPDATE inv_setting SET setting_value = ?, updated_at = ?, updated_by = ? WHERE project = ? AND name = ?",
                    policy.name(), now, actor, project, POLICY) == 0) {
                Sql.update(c, "INSERT INTO inv_setting (project, name, setting_value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)",
                        project, POLICY, policy.name(), now, actor);
            }
            return null;
        });
        return policy;
    }

    /**
     * @param text {@code TRUST_ON_FIRST_USE}, {@code tofu}, {@code trust-on-first-use} or {@code STRICT} (any case)
     * @throws IllegalArgumentException for anything else
     */
    public static HostKeyPolicy parsePolicy(String text) {
        var v = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (v) {
            case "TOFU", "TRUST_ON_FIRST_USE" -> HostKeyPolicy.TRUST_ON_FIRST_USE;
            case "STRICT" -> HostKeyPolicy.STRICT;
            default -> throw new IllegalArgumentException("policy must be TRUST_ON_FIRST_USE (tofu) or STRICT but was '" + text + "'");
        };
    }

    /** @return accepted keys of endpoints (address, port) that some host of {@code project} uses, by address and port */
    public List<KnownHostKey> keys(String project) {
        return sql.tx(c -> {
            Sql.requireProject(c, project);
            return Sql.list(c, "SELECT k.address, k.port, k.key_type, k.fingerprint, k.public_key, k.first_seen FROM known_host k "
                    + "WHERE EXISTS (SELECT 1 FROM inv_host h WHERE h.project = ? AND h.address = k.address AND h.port = k.port) "
                    + "ORDER BY k.address, k.port", rs -> new KnownHostKey(rs.getString("address"), rs.getInt("port"),
                    rs.getString("key_type"), rs.getString("fingerprint"), rs.getString("public_key"), Jdbc.getInstant(rs, "first_seen")),
                    project);
        });
    }

    /**
     * Forgets the key of {@code address:port}, so the next connection records the host's current key
     * (trust on first use) or fails as unknown (strict).
     *
     * @throws NoSuchElementException when no host of the project uses that endpoint or no key is recorded
     */
    public void forget(String project, String address, int port) {
        sql.tx(c -> {
            Sql.requireProject(c, project);
            var used = Sql.one(c, "SELECT name FROM inv_host WHERE project = ? AND address = ? AND port = ?", rs -> rs.getString(1),
                    project, address, port);
            if (used.isEmpty() || Sql.update(c, "DELETE FROM known_host WHERE address = ? AND port = ?", address, port) == 0) {
                throw new NoSuchElementException("no host key is recorded for " + address + ":" + port + " of a host in project '"
                        + project + "'");
            }
            return null;
        });
    }
}
