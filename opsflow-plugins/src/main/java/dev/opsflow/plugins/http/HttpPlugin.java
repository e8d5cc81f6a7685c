package dev.opsflow.plugins.http;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.template.Durations;
import dev.opsflow.plugins.support.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * {@code http}: sends one HTTP request with {@link HttpClient} (sync style).
 *
 * <ul>
 *   <li>Inputs: {@code method} (default GET), {@code url} (http/https), {@code headers},
 *       {@code body} (string as is; map/list as JSON with {@code content-type: application/json}
 *       unless a content-type header is given), {@code timeout} (default 30s, whole request),
 *       {@code expected_status} (codes and classes like "2xx"; default 2xx), {@code extract}
 *       (output key -> JSON Pointer "/a" or JsonPath "$.a", see {@link Extractor}).</li>
 *   <li>Outputs: {@code status_code} (int), {@code body} (string, at most 64 KiB of chars),
 *       {@code headers} (lower-case name -> first value), plus each extracted key.</li>
 *   <li>Fails with "expected status 2xx but got 503" (outputs included, so a gateway can branch on
 *       {@code status_code}); with outputs {@code {status_code: 0, error}} when no response arrived
 *       (connection refused, timeout, cancellation); when an extract path matches nothing.</li>
 *   <li>Logs one info line per request: method, URL without user-info, status, elapsed ms. Header
 *       values and bodies are never logged.</li>
 *   <li>Cancellation aborts the in-flight exchange.</li>
 * </ul>
 */
public final class HttpPlugin implements Plugin {
    static final int BODY_OUTPUT_CHARS = 64 * 1024;
    static final int BODY_READ_LIMIT = 16 * 1024 * 1024;

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("http", 1, "HTTP request",
            "Sends one HTTP request, checks the status code and extracts values from a JSON response.",
            List.of(FieldSpec.optional("method", FieldType.STRING, "GET", "HTTP method"),
                    FieldSpec.required("url", FieldType.STRING, "Absolute http or https URL"),
                    FieldSpec.optional("headers", FieldType.MAP, Map.of(), "Request headers, name -> value (never logged)"),
                    FieldSpec.optional("body", FieldType.ANY, null, "Request body: a string, or a map/list sent as JSON"),
                    FieldSpec.optional("timeout", FieldType.DURATION, "30s", "Limit for the whole request"),
                    FieldSpec.optional("expected_status", FieldType.LIST, List.of("2xx"),
                            "Status codes that count as success: codes (200) or classes (\"2xx\")"),
                    FieldSpec.optional("extract", FieldType.MAP, Map.of(),
                            "Outputs to extract from a JSON body: key -> JSON Pointer (/a/0) or JsonPath ($.a[0])")),
            List.of(FieldSpec.required("status_code", FieldType.INT, "Response status; 0 when no response arrived"),
                    FieldSpec.optional("body", FieldType.TEXT, null, "Response body as text, at most 64 KiB"),
                    FieldSpec.optional("headers", FieldType.MAP, null, "Response headers, lower-case name -> first value"),
                    FieldSpec.optional("error", FieldType.STRING, null, "Why no response arrived")),
            true);

    private final HttpClient client;

    /** Uses a client that follows same-or-safer-scheme redirects and connects within 10s. */
    public HttpPlugin() {
        this(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10))
                .build());
    }

    /** @param client the HTTP client to send with (shared, thread-safe) */
    public HttpPlugin(HttpClient client) {
        this.client = client;
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PluginResult execute(PluginContext ctx) throws InterruptedException {
        HttpInputs in;
        HttpRequest request;
        try {
            in = HttpInputs.from(ctx.inputs());
            request = RequestFactory.build(in);
        } catch (InvalidInputException e) {
            return PluginResult.failed(e.getMessage());
        }
        var target = in.method() + " " + RequestFactory.loggable(in.uri());
        long started = System.nanoTime();
        var future = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        ctx.cancellation().onCancel(() -> future.cancel(true));
        HttpResponse<InputStream> response;
        try {
            response = future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException | CancellationException e) {
            var error = describe(e, in, ctx);
            ctx.log().info(target + " -> failed: " + error + " (" + elapsedMs(started) + " ms)");
            return new PluginResult.Failed(error + ": " + target, Map.of("status_code", 0, "error", error));
        }
        ResponseBody body;
        try {
            body = ResponseBody.read(response);
        } catch (IOException e) {
            var error = "reading the response body failed: " + e.getMessage();
            ctx.log().info(target + " -> " + response.statusCode() + ", " + error + " (" + elapsedMs(started) + " ms)");
            return new PluginResult.Failed(error, Map.of("status_code", response.statusCode(), "error", error));
        }
        ctx.log().info(target + " -> " + response.statusCode() + " (" + elapsedMs(started) + " ms)");
        return body.toResult(response, in);
    }

    private static String describe(Exception e, HttpInputs in, PluginContext ctx) {
        if (e instanceof CancellationException || ctx.cancellation().isCancelled()) {
            var reason = ctx.cancellation().reason();
            return "cancelled" + (reason == null ? "" : " (" + reason + ")");
        }
        var cause = e.getCause() == null ? e : e.getCause();
        return switch (cause) {
            case HttpTimeoutException t -> "timed out after " + Durations.format(in.timeout());
            case ConnectException c -> c.getMessage() == null || c.getMessage().contains("refused")
                    ? "connection refused" : "connection failed: " + c.getMessage();
            default -> cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        };
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
