package dev.opsflow.store.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Schema management for the JDBC store. Migrations are forward-only Flyway scripts under
 * {@code db/migration/h2} and {@code db/migration/postgresql}, kept in step. This module owns V1; the
 * server adds its own (users, tokens, audit) from V2 in the same folders, so the engine tables never
 * take V2..V9.
 */
public final class JdbcStores {
    private JdbcStores() {
    }

    /**
     * Brings the schema of {@code ds} (the connection's current schema) up to date. Idempotent: a second
     * call applies nothing.
     *
     * @return how many migrations this call applied (0 when the schema was current)
     * @throws JdbcStoreException when the database cannot be reached
     * @throws org.flywaydb.core.api.FlywayException when a migration fails or an applied one was changed
     */
    public static int migrate(DataSource ds) {
        return Flyway.configure()
                .dataSource(ds)
                .locations(dialect(ds).migrationLocation())
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /**
     * @return the dialect of {@code ds}, chosen by its JDBC URL
     * @throws JdbcStoreException when no connection can be opened
     * @throws IllegalArgumentException for a database other than H2 or PostgreSQL
     */
    public static Dialect dialect(DataSource ds) {
        try (var c = ds.getConnection()) {
            return Dialect.ofUrl(c.getMetaData().getURL());
        } catch (SQLException e) {
            throw new JdbcStoreException("open a connection", e);
        }
    }
}
