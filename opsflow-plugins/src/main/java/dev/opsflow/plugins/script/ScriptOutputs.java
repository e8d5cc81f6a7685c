package dev.opsflow.plugins.script;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects what a script publishes on stdout: marker lines and the tail. Thread-safe (the stdout
 * pump writes, the plugin thread reads).
 *
 * <p>Marker: a line {@code ##opsflow:output key=value} publishes output {@code key} with the rest
 * of the line as a string; {@code key=json:<json>} parses the remainder as JSON (object, array,
 * number, bool or string; not null). Keys match {@code [A-Za-z_][A-Za-z0-9_]*}. A later marker for
 * the same key wins. A malformed marker is remembered as an error and fails the attempt.
 */
final class ScriptOutputs {
    static final String MARKER = "##opsflow:output ";
    static final int TAIL_LINES = 20;
    static final int TAIL_CHARS = 4096;
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> outputs = new LinkedHashMap<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private int tailChars;
    private String error;

    /** Records one stdout line: into the tail and, when it is a marker, into the outputs. */
    synchronized void accept(String line) {
        tail.addLast(line);
        tailChars += line.length() + 1;
        while (tail.size() > TAIL_LINES || (tailChars > TAIL_CHARS && tail.size() > 1)) {
            tailChars -= tail.removeFirst().length() + 1;
        }
        if (line.startsWith(MARKER)) marker(line.substring(MARKER.length()));
    }

    private void marker(String spec) {
        int eq = spec.indexOf('=');
        var key = eq < 0 ? spec.trim() : spec.substring(0, eq).trim();
        if (eq < 0 || !KEY.matcher(key).matches()) {
            fail("malformed output marker '" + MARKER + abbreviate(spec) + "': expected key=value with key matching " + KEY);
            return;
        }
        var value = spec.substring(eq + 1);
        if (!value.startsWith("json:")) {
            outputs.put(key, value);
            return;
        }
        try {
            var parsed = JSON.readValue(value.substring(5), Object.class);
            if (parsed == null) fail("output marker '" + key + "': json:null is not allowed; omit the output instead");
            else outputs.put(key, parsed);
        } catch (JacksonException e) {
            fail("output marker '" + key + "' has invalid JSON: " + e.getOriginalMessage());
        }
    }

    private void fail(String message) {
        if (error == null) error = message;
    }

    /** @return outputs published so far, in marker order */
    synchronized Map<String, Object> outputs() {
        return new LinkedHashMap<>(outputs);
    }

    /** @return the last {@value #TAIL_LINES} lines (at most about {@value #TAIL_CHARS} chars), newline-joined */
    synchronized String tail() {
        var text = String.join("\n", tail);
        return text.length() > TAIL_CHARS ? text.substring(text.length() - TAIL_CHARS) : text;
    }

    /** @return the first marker error, if any */
    synchronized Optional<String> error() {
        return Optional.ofNullable(error);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
