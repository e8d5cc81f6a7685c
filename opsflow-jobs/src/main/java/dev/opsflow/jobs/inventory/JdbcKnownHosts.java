package dev.opsflow.jobs.inventory;

import dev.opsflow.exec.KnownHosts;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link KnownHosts} on table {@code known_host}: one accepted key per (address, port), shared by all
 * projects (a host key belongs to a machine). Thread-safe; concurrent first records of one endpoint
 * end with one row (the last writer's key).
 */
public final class JdbcKnownHosts implements KnownHosts {
    private final Sql sql;
    private final Clock clock;

    public JdbcKnownHosts(DataSource ds, Clock clock) {
        this.sql = new Sql(ds);
        this.clock = clock;
    }

    @Override
    public Optional<String> find(String address, int port) {
        return sql.tx(c -> Sql.one(c, "SELECT public_key FROM known_host WHERE address = ? AND port = ?", rs -> rs.getString(1),
                address, port));
    }

    /** Records (or replaces) the key; {@code first_seen} is the time of this call. */
    @Override
    public void record(String address, int port, String publicKey) {
        var info = SshKeys.describe(publicKey);
        var now = clock.instant();
        try {
            write(address, port, info, now);
        } catch (InventoryConflictException e) {
            write(address, port, info, now); // another thread inserted first: now the update path applies
        }
    }

    private void write(String address, int port, SshKeys.KeyInfo info, java.time.Instant now) {
        sql.tx(c -> {
            int n = Sql.update(c, "UPDATE known_host SET public_key = ?, key_type = ?, fingerprint = ?, first_seen = ? "
                    + "WHERE address = ? AND port = ?", info.publicKey(), info.type(), info.fingerprint(), now, address, port);
            if (n == 0) {
                Sql.update(c, "INSERT INTO known_host (address, port, public_key, key_type, fingerprint, first_seen) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", address, port, info.publicKey(), info.type(), info.fingerprint(), now);
            }
            return null;
        });
    }
}
