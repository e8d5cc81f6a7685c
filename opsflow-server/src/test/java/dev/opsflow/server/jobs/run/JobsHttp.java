package dev.opsflow.server.jobs.run;

import dev.opsflow.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** What the job API tests need beyond {@link TestServer}: JSON PUT, DELETE, text GET and streamed binary upload. */
final class JobsHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;

    JobsHttp(TestServer server) {
        this.url = server.url;
    }

    TestServer.Response putJson(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    TestServer.Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** Uploads {@code content} as application/octet-stream without a known length (chunked), like a piped file. */
    TestServer.Response upload(String path, java.util.function.Supplier<InputStream> content) {
        return send(request(path).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(content)));
    }

    /** @return status, content type and raw body of a GET */
    String[] getText(String path) {
        try {
            var r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new String[] {Integer.toString(r.statusCode()), r.headers().firstValue("Content-Type").orElse(""), r.body()};
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(90)).header("Authorization", "Basic "
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

    static Map<String, Object> map(Object o) {
        @SuppressWarnings("unchecked") var m = (Map<String, Object>) o;
        return m;
    }
}
