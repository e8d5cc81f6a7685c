package dev.opsflow.plugins.http;

import dev.opsflow.plugins.support.InvalidInputException;
import dev.opsflow.plugins.support.Inputs;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Turns validated {@link HttpInputs} into an {@link HttpRequest}. */
final class RequestFactory {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private RequestFactory() {
    }

    /** @throws InvalidInputException naming {@code headers} or {@code body} when the client rejects them */
    static HttpRequest build(HttpInputs in) {
        var builder = HttpRequest.newBuilder(in.uri()).timeout(in.timeout());
        in.headers().forEach((name, value) -> {
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException e) {
                // the client's message may quote the value, which may be a secret
                throw new InvalidInputException("headers", "header '" + name
                        + "' is rejected by the HTTP client (restricted name, or invalid characters in name or value)");
            }
        });
        var body = in.body().map(b -> switch (b) {
            case String s -> s;
            case Map<?, ?> m -> json(in, builder);
            case List<?> l -> json(in, builder);
            case Number n -> n.toString();
            case Boolean bool -> bool.toString();
            default -> throw new InvalidInputException("body", "expected a string, map or list but got " + Inputs.describe(b));
        });
        return builder.method(in.method(), body.map(s -> HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8))
                .orElse(HttpRequest.BodyPublishers.noBody())).build();
    }

    private static String json(HttpInputs in, HttpRequest.Builder builder) {
        boolean hasContentType = in.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"));
        if (!hasContentType) builder.header("Content-Type", "application/json");
        return JSON.writeValueAsString(in.body().orElseThrow());
    }

    /** @return the URI without user-info, safe to log */
    static String loggable(URI uri) {
        if (uri.getUserInfo() == null) return uri.toString();
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment())
                    .toString();
        } catch (URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }
}
