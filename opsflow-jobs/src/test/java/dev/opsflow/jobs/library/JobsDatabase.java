package dev.opsflow.jobs.library;

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
 * A fresh, migrated database for one test class: H2 in memory, or a new PostgreSQL schema
 * {@code jobs_<random>} at {@code jdbc:postgresql://127.0.0.1:5432/test} (user {@code postgres};
 * {@code OPSFLOW_TEST_PG_URL}/{@code _USER}/{@code _PASSWORD} override), dropped on {@link #close}.
 * PostgreSQL being unreachable fails the tests rather than skipping them.
 */
public final class JobsDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final Runnable cleanup;

    private JobsDatabase(String url, String user, String password, Runnable cleanup) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        this.pool = new HikariDataSource(config);
        this.cleanup = cleanup;
        JdbcStores.migrate(pool);
    }

    public static JobsDatabase h2() {
        return new JobsDatabase("jdbc:h2:mem:" + random() + ";DB_CLOSE_DELAY=-1", "sa", "", () -> { });
    }

    public static JobsDatabase postgres() {
        var url = System.getenv().getOrDefault("OPSFLOW_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        var user = System.getenv().getOrDefault("OPSFLOW_TEST_PG_USER", "postgres");
        var password = System.getenv().getOrDefault("OPSFLOW_TEST_PG_PASSWORD", "");
        var schema = "jobs_" + random();
        execute(url, user, password, "CREATE SCHEMA " + schema);
        var schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new JobsDatabase(schemaUrl, user, password, () -> execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE"));
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Creates project {@code name} (the engine's project table) so inventory lookups accept it. */
    public void project(String name) {
        new JdbcSupport(pool).update("INSERT INTO project (name, description, created_at) VALUES (?, ?, ?)",
                JdbcSupport.args(name, "test", Instant.now()));
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
            throw new IllegalStateException("PostgreSQL for the job tests is unreachable at " + url + " as " + user
                    + " (" + e.getMessage() + "); start it or point OPSFLOW_TEST_PG_URL at one", e);
        }
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
