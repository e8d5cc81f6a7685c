package dev.opsflow.server.jobs.run;

import dev.opsflow.server.TestServer;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.util.Map;

/** What the job API tests need beyond {@link TestServer}: text GET and streamed binary upload. */
final class JobsHttp {
    private final TestServer server;

    JobsHttp(TestServer server) {
        this.server = server;
    }

    TestServer.Response putJson(String path, Object body) {
        return server.putJson(path, body);
    }

    TestServer.Response delete(String path) {
        return server.delete(path);
    }

    /** Uploads {@code content} as application/octet-stream without a known length (chunked), like a piped file. */
    TestServer.Response upload(String path, java.util.function.Supplier<InputStream> content) {
        return server.send(server.request(path).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(content)));
    }

    /** @return status, content type and raw body of a GET */
    String[] getText(String path) {
        var r = server.sendRaw(server.request(path).GET());
        return new String[] {Integer.toString(r.statusCode()), r.headers().firstValue("Content-Type").orElse(""), r.body()};
    }

    static Map<String, Object> map(Object o) {
        @SuppressWarnings("unchecked") var m = (Map<String, Object>) o;
        return m;
    }
}
