package dev.opsflow.plugins.http;

import dev.opsflow.engine.plugin.PluginResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A response body read into memory up to {@link HttpPlugin#BODY_READ_LIMIT} bytes, and the
 * plugin result built from it.
 *
 * @param text      the body decoded with the content-type's charset (UTF-8 by default), possibly cut
 * @param truncated true when the body was longer than the read limit
 */
record ResponseBody(String text, boolean truncated) {

    /** Reads and closes the body stream. */
    static ResponseBody read(HttpResponse<InputStream> response) throws IOException {
        try (var in = response.body()) {
            var bytes = in.readNBytes(HttpPlugin.BODY_READ_LIMIT + 1);
            boolean truncated = bytes.length > HttpPlugin.BODY_READ_LIMIT;
            int length = truncated ? HttpPlugin.BODY_READ_LIMIT : bytes.length;
            return new ResponseBody(new String(bytes, 0, length, charset(response)), truncated);
        }
    }

    /** @return Succeeded with outputs and extracted values, or Failed (with the same outputs) */
    PluginResult toResult(HttpResponse<?> response, HttpInputs in) {
        var outputs = new LinkedHashMap<String, Object>();
        outputs.put("status_code", response.statusCode());
        outputs.put("body", text.length() > HttpPlugin.BODY_OUTPUT_CHARS ? text.substring(0, HttpPlugin.BODY_OUTPUT_CHARS) : text);
        outputs.put("headers", headers(response));
        if (!in.expected().matches(response.statusCode())) {
            return new PluginResult.Failed("expected status " + in.expected() + " but got " + response.statusCode(), outputs);
        }
        if (!in.extract().isEmpty() && truncated) {
            return new PluginResult.Failed("cannot extract " + in.extract().keySet() + ": response body exceeds "
                    + HttpPlugin.BODY_READ_LIMIT / (1024 * 1024) + " MiB", outputs);
        }
        try {
            outputs.putAll(Extractor.extract(text, in.extract()));
        } catch (Extractor.ExtractionException e) {
            return new PluginResult.Failed(e.getMessage(), outputs);
        }
        return new PluginResult.Succeeded(outputs);
    }

    private static Map<String, String> headers(HttpResponse<?> response) {
        var headers = new LinkedHashMap<String, String>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !values.isEmpty()) headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.getFirst());
        });
        return headers;
    }

    private static Charset charset(HttpResponse<?> response) {
        var type = response.headers().firstValue("content-type").orElse("");
        for (var part : type.split(";")) {
            var p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").trim());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
