package dev.opsflow.jobs.inventory;

import dev.opsflow.store.jdbc.JdbcStores;
import dev.opsflow.store.jdbc.TestDatabase;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A fresh, migrated database for one inventory test class: the store's {@link TestDatabase} (H2 in
 * memory or a new PostgreSQL schema, dropped on close) with every migration applied.
 */
final class InventoryTestDatabase implements AutoCloseable {
    private final TestDatabase db;

    private InventoryTestDatabase(TestDatabase db) {
        this.db = db;
        JdbcStores.migrate(db.dataSource());
    }

    static InventoryTestDatabase h2() {
        return new InventoryTestDatabase(TestDatabase.h2());
    }

    static InventoryTestDatabase postgres() {
        return new InventoryTestDatabase(TestDatabase.postgres());
    }

    DataSource dataSource() {
        return db.dataSource();
    }

    void project(String name) {
        try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement("INSERT INTO project (name, description, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, "test");
            ps.setObject(3, java.time.OffsetDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the first column of the first row of {@code sql} */
    String scalar(String sql, String... args) {
        try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
