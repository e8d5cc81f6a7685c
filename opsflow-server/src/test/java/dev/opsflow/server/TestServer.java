package dev.opsflow.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** A real Opsflow server on a random port (H2 in a temp dir, or a given JDBC URL) and a small HTTP client. */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "test-admin-password";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final ConfigurableApplicationContext context;
    public final String url;
    public final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.url = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Starts a server on H2 in a fresh temp directory. */
    public static TestServer h2() throws IOException {
        return start(null, List.of());
    }

    /** @param databaseUrl JDBC URL or null for H2 */
    public static TestServer start(String databaseUrl, List<String> extra) throws IOException {
        var dir = Files.createTempDirectory("opsflow-test");
        var args = new ArrayList<>(List.of("--server.port=0", "--opsflow.data-dir=" + dir,
                "--opsflow.admin-password=" + PASSWORD, "--opsflow.lease=3s"));
        if (databaseUrl != null) args.add("--opsflow.database-url=" + databaseUrl);
        args.addAll(extra);
        var ctx = new SpringApplicationBuilder(OpsflowServer.class).run(args.toArray(String[]::new));
        return new TestServer(ctx, dir);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A response: status and parsed JSON body (Map, List or null). */
    public record Response(int status, Object body, String raw) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            return (Map<String, Object>) body;
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list() {
            return (List<Map<String, Object>>) body;
        }
    }

    /**
     * Asserts that GET of every path answers 400 with the problem's {@code field} and {@code detail} given
     * for it ({@code path → [field, detail]}).
     */
    public void assertBadParameters(Map<String, List<String>> fieldAndDetailByPath) {
        fieldAndDetailByPath.forEach((path, fieldAndDetail) -> {
            var r = get(path);
            org.assertj.core.api.Assertions.assertThat(r.status()).as(path).isEqualTo(400);
            org.assertj.core.api.Assertions.assertThat(r.map()).as(path).containsEntry("status", 400)
                    .containsEntry("field", fieldAndDetail.get(0)).containsEntry("detail", fieldAndDetail.get(1));
        });
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), true);
    }

    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body == null ? Map.of() : body))), true);
    }

    public Response put(String path, String yaml) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(yaml)), true);
    }

    public Response anonymous(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), false);
    }

    public Response putJson(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), true);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).DELETE(), true);
    }

    /** A request to {@code path} for methods and bodies the helpers above do not cover; send it with {@link #send}. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path));
    }

    /** Sends a request with the admin's credentials; the answer's body is parsed as JSON when there is one. */
    public Response send(HttpRequest.Builder b) {
        return send(b, true);
    }

    /** Sends a request with the admin's credentials and returns the raw answer (for text and exports). */
    public HttpResponse<String> sendRaw(HttpRequest.Builder b) {
        try {
            return http.send(authorize(b).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a GET with the admin's credentials and returns once the answer's headers are in; its body's
     * lines are read as they arrive (Server-Sent Events). Close the stream to drop the connection.
     */
    public HttpResponse<java.util.stream.Stream<String>> openLines(String path) {
        try {
            return http.send(authorize(request(path).GET()).build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder authorize(HttpRequest.Builder b) {
        return b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private Response send(HttpRequest.Builder b, boolean auth) {
        if (auth) authorize(b);
        try {
            var r = http.send(b.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
            var raw = r.body();
            Object body = raw == null || raw.isBlank() ? null : JSON.readValue(raw, Object.class);
            return new Response(r.statusCode(), body, raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the repository's examples/ directory */
    public static Path examples() {
        var p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
        return p.resolve("examples");
    }

    public static String example(String file) throws IOException {
        return Files.readString(examples().resolve(file));
    }

    @Override
    public void close() {
        context.close();
    }
}
