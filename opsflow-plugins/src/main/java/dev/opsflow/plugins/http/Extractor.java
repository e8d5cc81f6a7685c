package dev.opsflow.plugins.http;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import dev.opsflow.plugins.support.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pulls outputs out of a JSON response body. A path starting with {@code /} is a JSON Pointer
 * (RFC 6901), one starting with {@code $} a JsonPath. Values come back as plain Java values
 * (String, Number, Boolean, Map, List).
 *
 * <p>No match: a pointer to a missing member, a definite JsonPath ({@code $.a.b}) to a missing
 * member, or either one landing on JSON null. An indefinite JsonPath ({@code $..id},
 * {@code $.items[*].id}, filters) always matches with a list, possibly empty.
 */
final class Extractor {
    /** Output names the plugin itself publishes. */
    static final Set<String> RESERVED = Set.of("status_code", "body", "headers", "error");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Extractor() {
    }

    /** @throws InvalidInputException naming {@code extract} when the path does not compile */
    static void validate(String key, String path) {
        try {
            if (path.startsWith("$")) JsonPath.compile(path);
            else JsonPointer.compile(path);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new InvalidInputException("extract", "path '" + path + "' of '" + key + "' is invalid: " + e.getMessage());
        }
    }

    /**
     * @param body    the response body
     * @param extract output key -> path
     * @return output key -> value
     * @throws ExtractionException naming key and path when the body is not JSON or a path does not match
     */
    static Map<String, Object> extract(String body, Map<String, String> extract) {
        var out = new LinkedHashMap<String, Object>();
        if (extract.isEmpty()) return out;
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException e) {
            tree = null;
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ExtractionException("cannot extract " + extract.keySet() + ": response body is not JSON");
        }
        Object plain = null;
        for (var e : extract.entrySet()) {
            var key = e.getKey();
            var path = e.getValue();
            Object value;
            if (path.startsWith("/")) {
                var node = tree.at(path);
                value = node.isMissingNode() || node.isNull() ? null : JSON.treeToValue(node, Object.class);
            } else {
                if (plain == null) plain = JSON.treeToValue(tree, Object.class);
                value = readJsonPath(plain, path);
            }
            if (value == null) {
                throw new ExtractionException("extract '" + key + "': path '" + path + "' matched nothing in the response body");
            }
            out.put(key, value);
        }
        return out;
    }

    private static Object readJsonPath(Object document, String path) {
        try {
            Object value = JsonPath.compile(path).read(document);
            // json-smart collection types -> plain Java collections
            return value == null ? null : JSON.convertValue(value, Object.class);
        } catch (PathNotFoundException e) {
            return null;
        }
    }

    /** A path that matched nothing, or a body that is not JSON. */
    static final class ExtractionException extends RuntimeException {
        ExtractionException(String message) {
            super(message);
        }
    }
}
