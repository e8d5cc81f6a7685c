package dev.opsflow.jobs.inventory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.opsflow.store.jdbc.JdbcStores;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fresh, migrated database for one test class: H2 in memory, or a new schema {@code inv_<random>} on
 * the test PostgreSQL ({@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres}, or
 * {@code OPSFLOW_TEST_PG_URL} / {@code _USER} / {@code _PASSWORD}), dropped on {@link #close}. An
 * unreachable PostgreSQL fails the tests rather than skipping them.
 */
final class InventoryTestDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final Runnable cleanup;

    private InventoryTestDatabase(String url, String user, String password, Runnable cleanup) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        this.pool = new HikariDataSource(config);
        this.cleanup = cleanup;
        JdbcStores.migrate(pool);
    }

    static InventoryTestDatabase h2() {
        return new InventoryTestDatabase("jdbc:h2:mem:" + random() + ";DB_CLOSE_DELAY=-1", "sa", "", () -> { });
    }

    static InventoryTestDatabase postgres() {
        var url = System.getenv().getOrDefault("OPSFLOW_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        var user = System.getenv().getOrDefault("OPSFLOW_TEST_PG_USER", "postgres");
        var password = System.getenv().getOrDefault("OPSFLOW_TEST_PG_PASSWORD", "");
        var schema = "inv_" + random();
        execute(url, user, password, "CREATE SCHEMA " + schema);
        var schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new InventoryTestDatabase(schemaUrl, user, password, () -> execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE"));
    }

    DataSource dataSource() {
        return pool;
    }

    /** Creates a project row (the inventory requires the project to exist). */
    void project(String name) {
        try (var c = pool.getConnection(); var ps = c.prepareStatement("INSERT INTO project (name, description, created_at) VALUES (?, ?, ?)")) {
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
        try (var c = pool.getConnection(); var ps = c.prepareStatement(sql)) {
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
        pool.close();
        cleanup.run();
    }

    private static void execute(String url, String user, String password, String sql) {
        var props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        try (var c = DriverManager.getConnection(url, props); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for the inventory tests is unreachable at " + url + " as " + user + " ("
                    + e.getMessage() + "). Start it, or point OPSFLOW_TEST_PG_URL at one; these tests fail rather than skip.", e);
        }
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
