package dev.opsflow.server.jobs.inventory;

import dev.opsflow.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** What the inventory API tests need beyond {@link TestServer}'s helpers: JSON PUT, DELETE, raw-text POST and GET. */
final class InventoryHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;

    InventoryHttp(TestServer server) {
        this.url = server.url;
    }

    TestServer.Response putJson(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    TestServer.Response delete(String path) {
        return send(request(path).DELETE());
    }

    TestServer.Response postText(String path, String contentType, String text) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    /** @return status and raw body of a GET (for non-JSON answers such as exports) */
    Map.Entry<Integer, String> getText(String path) {
        try {
            var r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Map.entry(r.statusCode(), r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + TestServer.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private TestServer.Response send(HttpRequest.Builder b) {
        try {
            var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            var raw = r.body();
            Object body = raw == null || raw.isBlank() ? null : JSON.readValue(raw, Object.class);
            return new TestServer.Response(r.statusCode(), body, raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
