package dev.opsflow.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.TestContext;
import org.assertj.core.api.InstanceOfAssertFactories;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpPluginTest {
    private static final String JSON_BODY = """
            {"release": {"id": 42, "name": "v1.2"}, "items": [{"id": "a"}, {"id": "b"}], "nothing": null}""";

    private final HttpPlugin plugin = new HttpPlugin();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/json", ex -> respond(ex, 200, "application/json", JSON_BODY));
        server.createContext("/down", ex -> respond(ex, 503, "text/plain", "maintenance"));
        server.createContext("/missing", ex -> respond(ex, 404, "text/plain", "no such thing"));
        server.createContext("/echo", ex -> {
            seen.put("method", ex.getRequestMethod());
            seen.put("content-type", String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
            seen.put("authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            seen.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(ex, 201, "text/plain; charset=utf-8", "created");
        });
        server.createContext("/slow", ex -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "text/plain", "late");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("X-Request-Id", "r-1");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private PluginResult run(TestContext ctx) throws Exception {
        return plugin.execute(ctx);
    }

    @Test
    void getPublishesStatusBodyAndHeadersAndLogsOneLineWithoutHeaderValues() throws Exception {
        var ctx = TestContext.with(Map.of("url", base + "/echo", "headers", Map.of("Authorization", "Bearer s3cr3t")));

        var result = run(ctx);

        assertThat(result).isInstanceOfSatisfying(PluginResult.Succeeded.class, s -> {
            assertThat(s.outputs()).containsEntry("status_code", 201).containsEntry("body", "created");
            assertThat(s.outputs().get("headers")).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("x-request-id", "r-1").containsEntry("content-type", "text/plain; charset=utf-8");
        });
        assertThat(seen).containsEntry("method", "GET").containsEntry("authorization", "Bearer s3cr3t");
        assertThat(ctx.recorded().lines()).singleElement().asString()
                .matches("info: GET " + base + "/echo -> 201 \\(\\d+ ms\\)")
                .doesNotContain("s3cr3t");
    }

    @Test
    void extractsWithJsonPointerAndJsonPath() throws Exception {
        var result = run(TestContext.with(Map.of("url", base + "/json", "extract", Map.of(
                "release_id", "/release/id",
                "name", "$.release.name",
                "ids", "$.items[*].id",
                "first", "/items/0"))));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Succeeded.class, s -> assertThat(s.outputs())
                .containsEntry("release_id", 42)
                .containsEntry("name", "v1.2")
                .containsEntry("ids", List.of("a", "b"))
                .containsEntry("first", Map.of("id", "a")));
    }

    @Test
    void anExtractPathThatMatchesNothingFailsNamingKeyAndPath() throws Exception {
        var pointer = run(TestContext.with(Map.of("url", base + "/json", "extract", Map.of("v", "/release/version"))));
        var jsonPath = run(TestContext.with(Map.of("url", base + "/json", "extract", Map.of("v", "$.release.version"))));
        var isNull = run(TestContext.with(Map.of("url", base + "/json", "extract", Map.of("v", "/nothing"))));

        assertThat(pointer).isInstanceOfSatisfying(PluginResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("extract 'v': path '/release/version' matched nothing in the response body");
            assertThat(f.outputs()).containsEntry("status_code", 200);
        });
        assertThat(((PluginResult.Failed) jsonPath).reason()).isEqualTo("extract 'v': path '$.release.version' matched nothing in the response body");
        assertThat(((PluginResult.Failed) isNull).reason()).contains("'/nothing'");
    }

    @Test
    void extractingFromANonJsonBodyFails() throws Exception {
        var result = run(TestContext.with(Map.of("url", base + "/echo", "extract", Map.of("v", "/a"))));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("cannot extract [v]: response body is not JSON"));
    }

    @Test
    void anUnexpectedStatusFailsWithTheResponseAsOutputs() throws Exception {
        var result = run(TestContext.with(Map.of("url", base + "/down", "extract", Map.of("v", "/a"))));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("expected status 2xx but got 503");
            assertThat(f.outputs()).containsEntry("status_code", 503).containsEntry("body", "maintenance").containsKey("headers");
        });
    }

    @Test
    void expectedStatusAcceptsCodesAndClassesAsIntsOrStrings() throws Exception {
        var asInt = run(TestContext.with(Map.of("url", base + "/missing", "expected_status", List.of(200, 404))));
        var asClass = run(TestContext.with(Map.of("url", base + "/missing", "expected_status", "4xx")));
        var wrong = run(TestContext.with(Map.of("url", base + "/missing", "expected_status", List.of("200", "204"))));

        assertThat(asInt).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(asClass).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(((PluginResult.Failed) wrong).reason()).isEqualTo("expected status 200 or 204 but got 404");
    }

    @Test
    void aMapBodyIsSentAsJson() throws Exception {
        var result = run(TestContext.with(Map.of("method", "post", "url", base + "/echo",
                "body", Map.of("version", "1.2", "hosts", List.of("a")))));

        assertThat(result).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(seen).containsEntry("method", "POST").containsEntry("content-type", "application/json");
        assertThat(seen.get("body")).contains("\"version\":\"1.2\"").contains("\"hosts\":[\"a\"]");
    }

    @Test
    void aStringBodyIsSentAsIsWithTheGivenContentType() throws Exception {
        run(TestContext.with(Map.of("method", "PUT", "url", base + "/echo", "body", "a=1",
                "headers", Map.of("Content-Type", "application/x-www-form-urlencoded"))));

        assertThat(seen).containsEntry("method", "PUT").containsEntry("body", "a=1")
                .containsEntry("content-type", "application/x-www-form-urlencoded");
    }

    @Test
    void connectionRefusedFailsWithStatusCodeZeroAndAnError() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var ctx = TestContext.with(Map.of("url", "http://127.0.0.1:" + port + "/x"));

        var result = run(ctx);

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("connection refused: GET http://127.0.0.1:" + port + "/x");
            assertThat(f.outputs()).containsEntry("status_code", 0).containsEntry("error", "connection refused");
        });
        assertThat(ctx.recorded().info()).singleElement().asString().contains("-> failed: connection refused");
    }

    @Test
    void aSlowServerTimesOut() throws Exception {
        var result = run(TestContext.with(Map.of("url", base + "/slow", "timeout", "300ms")));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class, f -> {
            assertThat(f.reason()).startsWith("timed out after 300ms");
            assertThat(f.outputs()).containsEntry("status_code", 0);
        });
    }

    @Test
    void cancellationAbortsTheRequest() throws Exception {
        var ctx = TestContext.with(Map.of("url", base + "/slow"));
        ctx.trigger().cancel("revoked by admin");

        var result = run(ctx);

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class,
                f -> assertThat(f.reason()).startsWith("cancelled (revoked by admin)"));
    }

    @Test
    void invalidInputsFailNamingTheInput() throws Exception {
        assertThat(run(TestContext.with(Map.of("url", "ftp://example.org/x"))))
                .isEqualTo(PluginResult.failed("input 'url': expected an http or https URL but got 'ftp://example.org/x'"));
        assertThat(run(TestContext.with(Map.of())))
                .isEqualTo(PluginResult.failed("input 'url': is required"));
        assertThat(((PluginResult.Failed) run(TestContext.with(Map.of("url", base, "expected_status", "ok")))).reason())
                .startsWith("input 'expected_status': ");
        assertThat(((PluginResult.Failed) run(TestContext.with(Map.of("url", base, "extract", Map.of("v", "a.b"))))).reason())
                .startsWith("input 'extract': path of 'v' must be");
        assertThat(((PluginResult.Failed) run(TestContext.with(Map.of("url", base, "timeout", "later")))).reason())
                .startsWith("input 'timeout': ");
    }
}
