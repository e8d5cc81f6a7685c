package dev.opsflow.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/** A database kind the benchmark runs on; {@link #open(String)} makes a fresh, private database/schema. */
enum Db {
    H2_FILE("H2 file"), H2_MEM("H2 in-memory"), POSTGRESQL("PostgreSQL");

    final String label;

    Db(String label) {
        this.label = label;
    }

    static String pgUrl() {
        var env = System.getenv("OPSFLOW_BENCH_PG_URL");
        return env != null && !env.isBlank() ? env : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }

    /** A fresh database for one engine; close drops it. */
    final class Handle implements AutoCloseable {
        final HikariDataSource ds;
        final String schema;
        final Path dir;

        Handle(HikariDataSource ds, String schema, Path dir) {
            this.ds = ds;
            this.schema = schema;
            this.dir = dir;
        }

        @Override
        public void close() throws Exception {
            var url = ds.getJdbcUrl();
            ds.close();
            if (url.startsWith("jdbc:h2:mem:")) {
                try {
                    DriverManager.getConnection(url).createStatement().execute("SHUTDOWN");
                } catch (SQLException ignored) {
                    // already gone
                }
            }
            if (schema != null) {
                try (var c = DriverManager.getConnection(pgUrl())) {
                    c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** @param tag names the schema/database, e.g. "opsflow" or "camunda" */
    Handle open(String tag, int poolSize) throws SQLException, IOException {
        var ds = new HikariDataSource();
        ds.setMaximumPoolSize(poolSize);
        ds.setPoolName(tag + "-" + name());
        String unique = tag + "_" + Long.toHexString(System.nanoTime());
        switch (this) {
            case H2_FILE -> {
                var dir = Files.createTempDirectory("opsflow-bench-");
                ds.setJdbcUrl("jdbc:h2:file:" + dir.resolve(tag) + ";WRITE_DELAY=0");
                return new Handle(ds, null, dir);
            }
            case H2_MEM -> {
                ds.setJdbcUrl("jdbc:h2:mem:" + unique + ";DB_CLOSE_DELAY=-1");
                return new Handle(ds, null, null);
            }
            default -> {
                try (var c = DriverManager.getConnection(pgUrl())) {
                    c.createStatement().execute("CREATE SCHEMA " + unique);
                }
                var base = pgUrl();
                ds.setJdbcUrl(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + unique + "&reWriteBatchedInserts=true");
                return new Handle(ds, unique, null);
            }
        }
    }
}
