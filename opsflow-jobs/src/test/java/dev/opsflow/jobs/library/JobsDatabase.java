package dev.opsflow.jobs.library;

import dev.opsflow.store.jdbc.JdbcStores;
import dev.opsflow.store.jdbc.TestDatabase;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A fresh, migrated database for one test class: the store's {@link TestDatabase} (H2 in memory, or a
 * new PostgreSQL schema dropped on {@link #close}; PostgreSQL being unreachable fails the tests) with
 * every migration applied.
 */
public final class JobsDatabase implements AutoCloseable {
    private final TestDatabase db;

    private JobsDatabase(TestDatabase db) {
        this.db = db;
        JdbcStores.migrate(db.dataSource());
    }

    public static JobsDatabase h2() {
        return new JobsDatabase(TestDatabase.h2());
    }

    public static JobsDatabase postgres() {
        return new JobsDatabase(TestDatabase.postgres());
    }

    public DataSource dataSource() {
        return db.dataSource();
    }

    /** Creates project {@code name} (the engine's project table) so inventory lookups accept it. */
    public void project(String name) {
        new JdbcSupport(db.dataSource()).update("INSERT INTO project (name, description, created_at) VALUES (?, ?, ?)",
                JdbcSupport.args(name, "test", Instant.now()));
    }

    /** @return the first column of the first row of {@code sql} as a string, or null when there is no row */
    public String scalar(String sql, Object... args) {
        return new JdbcSupport(db.dataSource()).queryOne(sql, JdbcSupport.args(args), rs -> rs.getString(1)).orElse(null);
    }

    @Override
    public void close() {
        db.close();
    }
}
