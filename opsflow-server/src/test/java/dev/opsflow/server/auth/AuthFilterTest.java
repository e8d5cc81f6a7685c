package dev.opsflow.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.server.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AuthFilter} on a real server (H2) whose user store really fails. The server is this class's
 * own, since the test takes a table away from under it.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthFilterTest {
    static TestServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.h2();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static void sql(String statement) throws SQLException {
        try (var c = server.bean(DataSource.class).getConnection(); var st = c.createStatement()) {
            st.execute(statement);
        }
    }

    HttpResponse<String> withToken(String path, String token) throws Exception {
        return http.send(server.request(path).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailingCredentialCheckAnswers503ProblemWithoutInternalsAndLogsTheCause(CapturedOutput output) throws Exception {
        // checking a token reads api_token: without it the check fails with a real database error
        sql("ALTER TABLE api_token RENAME TO api_token_away");
        HttpResponse<String> r;
        try {
            r = withToken("/api/v1/projects", "ofp_anything");
        } finally {
            sql("ALTER TABLE api_token_away RENAME TO api_token");
        }

        // a database failure, as everywhere else in the API: 503, naming only the SQLState
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JsonMapper.builder().build().readValue(r.body(), Map.class)).containsEntry("status", 503)
                .containsEntry("title", "Try again").containsEntry("instance", "/api/v1/projects")
                .containsEntry("detail", "checking the credentials failed: the database call failed (SQLState 42S02)");
        assertThat(r.body()).doesNotContainIgnoringCase("api_token").doesNotContainIgnoringCase("select")
                .doesNotContain("Exception").doesNotContain("ofp_anything");
        assertThat(output.getAll()).contains("authenticating GET /api/v1/projects failed")
                .contains("Table \"API_TOKEN\" not found")
                .doesNotContain("Servlet.service()"); // answered by the filter: nothing escaped to the container

        // the table is back: the same request is an ordinary 401 again
        assertThat(withToken("/api/v1/projects", "ofp_anything").statusCode()).isEqualTo(401);
    }
}
