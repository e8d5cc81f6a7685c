package dev.opsflow.plugins.http;

import dev.opsflow.plugins.support.InvalidInputException;
import dev.opsflow.plugins.support.Inputs;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code http} plugin's inputs, validated.
 *
 * @param method   upper-case method token
 * @param uri      absolute http or https URI
 * @param headers  request headers (values may be secrets: never log them)
 * @param body     the raw body input: a String, or a Map/List sent as JSON; empty for none
 * @param timeout  whole-request timeout
 * @param expected statuses that count as success
 * @param extract  output key -> JSON Pointer ("/a/0") or JsonPath ("$.a[0]")
 */
record HttpInputs(String method, URI uri, Map<String, String> headers, Optional<Object> body, Duration timeout,
                  ExpectedStatus expected, Map<String, String> extract) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** @throws InvalidInputException naming the first bad input */
    static HttpInputs from(Map<String, Object> values) {
        var in = Inputs.of(values);
        var method = in.string("method").orElse("GET").trim().toUpperCase();
        if (!method.matches("[A-Z]+")) throw new InvalidInputException("method", "'" + method + "' is not an HTTP method");
        var timeout = in.duration("timeout").orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) throw new InvalidInputException("timeout", "must be positive");
        return new HttpInputs(method, uri(in.requiredString("url")), in.stringMap("headers", true), in.raw("body"),
                timeout, ExpectedStatus.parse(in.stringList("expected_status")), extract(in));
    }

    private static URI uri(String url) {
        try {
            var uri = new URI(url.trim());
            var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new InvalidInputException("url", "expected an http or https URL but got '" + url + "'");
            }
            if (uri.getHost() == null) throw new InvalidInputException("url", "'" + url + "' has no host");
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "'" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    private static Map<String, String> extract(Inputs in) {
        var extract = new LinkedHashMap<String, String>();
        in.stringMap("extract", false).forEach((key, path) -> {
            if (!path.startsWith("/") && !path.startsWith("$")) {
                throw new InvalidInputException("extract", "path of '" + key + "' must be a JSON Pointer starting with / "
                        + "or a JsonPath starting with $ but was '" + path + "'");
            }
            if (Extractor.RESERVED.contains(key)) {
                throw new InvalidInputException("extract", "'" + key + "' is a reserved output name");
            }
            Extractor.validate(key, path);
            extract.put(key, path);
        });
        return extract;
    }
}
