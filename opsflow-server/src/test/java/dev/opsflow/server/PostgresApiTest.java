package dev.opsflow.server;

import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The API contract on PostgreSQL (127.0.0.1:5432/test, or OPSFLOW_TEST_PG_URL), in a fresh schema. */
class PostgresApiTest extends ApiContract {
    static String schema;

    static String baseUrl() {
        var env = System.getenv("OPSFLOW_TEST_PG_URL");
        return env != null ? env : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }

    @BeforeAll
    static void start() throws Exception {
        schema = "api_" + Long.toHexString(System.nanoTime());
        try (var c = DriverManager.getConnection(baseUrl())) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        var url = baseUrl() + (baseUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        server = TestServer.start(url, List.of());
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (var c = DriverManager.getConnection(baseUrl())) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
