package dev.opsflow.server.jobs.inventory;

import dev.opsflow.server.TestServer;
import java.net.http.HttpRequest;
import java.util.Map;

/** What the inventory API tests need beyond {@link TestServer}'s helpers: raw-text POST and GET. */
final class InventoryHttp {
    private final TestServer server;

    InventoryHttp(TestServer server) {
        this.server = server;
    }

    TestServer.Response putJson(String path, Object body) {
        return server.putJson(path, body);
    }

    TestServer.Response delete(String path) {
        return server.delete(path);
    }

    TestServer.Response postText(String path, String contentType, String text) {
        return server.send(server.request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    /** @return status and raw body of a GET (for non-JSON answers such as exports) */
    Map.Entry<Integer, String> getText(String path) {
        var r = server.sendRaw(server.request(path).GET());
        return Map.entry(r.statusCode(), r.body());
    }
}
