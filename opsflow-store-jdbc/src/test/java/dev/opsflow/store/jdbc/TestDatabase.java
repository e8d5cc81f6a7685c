package dev.opsflow.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fresh, empty database for one test class: an H2 in-memory database, or a new schema
 * {@code t_<random>} on the test PostgreSQL (dropped on {@link #close}). PostgreSQL is at
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as user {@code postgres} unless {@code OPSFLOW_TEST_PG_URL}
 * (and optionally {@code OPSFLOW_TEST_PG_USER}, {@code OPSFLOW_TEST_PG_PASSWORD}) say otherwise.
 */
public final class TestDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final Runnable cleanup;

    private TestDatabase(String url, String user, String password, Runnable cleanup) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        this.pool = new HikariDataSource(config);
        this.cleanup = cleanup;
    }

    /** @return a fresh in-memory H2 database */
    public static TestDatabase h2() {
        return new TestDatabase("jdbc:h2:mem:" + random() + ";DB_CLOSE_DELAY=-1", "sa", "", () -> { });
    }

    /** @throws IllegalStateException with the URL tried when PostgreSQL is unreachable (tests fail, not skip) */
    public static TestDatabase postgres() {
        var url = System.getenv().getOrDefault("OPSFLOW_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        var user = System.getenv().getOrDefault("OPSFLOW_TEST_PG_USER", "postgres");
        var password = System.getenv().getOrDefault("OPSFLOW_TEST_PG_PASSWORD", "");
        var schema = "t_" + random(); // dropped on close
        execute(url, user, password, "CREATE SCHEMA " + schema);
        var schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(schemaUrl, user, password,
                () -> execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE"));
    }

    /** @return the pooled data source (not migrated) */
    public DataSource dataSource() {
        return pool;
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
            throw new IllegalStateException("PostgreSQL for the store contract tests is unreachable at " + url
                    + " as " + user + " (" + e.getMessage() + "). Start it (CI does), or point OPSFLOW_TEST_PG_URL "
                    + "at one; these tests fail rather than skip so a missing database is never mistaken for a pass.",
                    e);
        }
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
