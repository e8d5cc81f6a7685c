package dev.opsflow.exec;

import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses output marker lines, the same marker the flow {@code script} plugin understands.
 *
 * <p>A stdout line {@code ##opsflow:output key=value} publishes output {@code key} with the rest of
 * the line as a string; {@code key=json:<json>} parses the remainder as JSON (object → Map, array →
 * List, number, boolean or string; {@code null} is refused). Keys match {@code [A-Za-z_][A-Za-z0-9_]*}.
 * A later marker for the same key wins (the caller merges).
 */
public final class OutputMarkers {
    /** The prefix of a marker line, including the trailing space. */
    public static final String MARKER = "##opsflow:output ";
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private OutputMarkers() {}

    /**
     * @return an empty map for a line that is not a marker, else a one-entry map {key: value}
     * @throws IllegalArgumentException for a malformed marker (bad key, missing '=', invalid JSON,
     *                                  json:null), with a message naming the key
     */
    public static Map<String, Object> parse(String line) {
        if (line == null || !line.startsWith(MARKER)) return Map.of();
        var spec = line.substring(MARKER.length());
        int eq = spec.indexOf('=');
        var key = eq < 0 ? spec.trim() : spec.substring(0, eq).trim();
        if (eq < 0 || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("malformed output marker '" + MARKER + abbreviate(spec)
                    + "': expected key=value with key matching " + KEY);
        }
        var value = spec.substring(eq + 1);
        if (!value.startsWith("json:")) return Map.of(key, value);
        Object parsed;
        try {
            parsed = JSON.readValue(value.substring(5), Object.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("output marker '" + key + "' has invalid JSON: " + e.getOriginalMessage());
        }
        if (parsed == null) {
            throw new IllegalArgumentException("output marker '" + key + "': json:null is not allowed; omit the output instead");
        }
        return Map.of(key, parsed);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
