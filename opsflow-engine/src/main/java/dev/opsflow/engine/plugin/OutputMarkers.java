package dev.opsflow.engine.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ##opsflow:output} convention by which a script publishes outputs on its stdout, shared by
 * the flow {@code script} plugin (opsflow-plugins) and host execution (opsflow-exec), so a script
 * behaves the same wherever it runs. One instance collects the markers of one script run; it is
 * thread-safe (a stdout pump writes, another thread reads).
 *
 * <ul>
 *   <li>{@code ##opsflow:output key=value} publishes output {@code key} with the rest of the line after
 *       the first {@code =} as a string, exactly as written (not trimmed); only the key is trimmed.</li>
 *   <li>{@code key=json:<json>} parses the remainder as JSON: object → {@code Map}, array → {@code List},
 *       number, boolean or string; {@code json:null} is refused.</li>
 *   <li>Keys match {@code [A-Za-z_][A-Za-z0-9_]*}. A later marker for the same key wins.</li>
 *   <li>A marker line has at most {@value #MAX_LINE_CHARS} chars. The line readers split longer lines
 *       (the script plugin at 16,384 chars, opsflow-exec at 64 KiB), so a longer marker would publish a
 *       value cut at an arbitrary point; it is refused instead.</li>
 *   <li>A malformed marker (no {@code =}, bad key, too long, invalid JSON, {@code json:null}) is
 *       remembered as an error; the first one is kept and callers fail the run with it.</li>
 * </ul>
 * Masking secrets is not done here: callers pass lines that are masked already (opsflow-exec) or mask
 * the outputs afterwards (the engine's node outputs).
 */
public final class OutputMarkers {
    /** The prefix of a marker line, including the trailing space. */
    public static final String MARKER = "##opsflow:output ";
    /** The longest marker line accepted, in UTF-16 chars (one less than the script plugin's split length). */
    public static final int MAX_LINE_CHARS = 16 * 1024 - 1;
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> outputs = new LinkedHashMap<>();
    private String error;

    /**
     * Records one complete stdout line (without its line terminator): a marker adds or replaces an
     * output, a malformed marker records an error (only the first is kept), any other line is ignored.
     */
    public synchronized void accept(String line) {
        try {
            parse(line).ifPresent(output -> outputs.put(output.key(), output.value()));
        } catch (IllegalArgumentException e) {
            if (error == null) error = e.getMessage();
        }
    }

    /** @return a copy of the outputs published so far, in order of their first marker */
    public synchronized Map<String, Object> outputs() {
        return new LinkedHashMap<>(outputs);
    }

    /** @return the first malformed-marker message, if any; it names the key when there is one */
    public synchronized Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * One published output.
     *
     * @param key   matches {@code [A-Za-z_][A-Za-z0-9_]*}
     * @param value a {@code String}, or what the JSON parsed to (Map, List, Number, Boolean, String); never null
     */
    public record Output(String key, Object value) {}

    /**
     * Parses one line.
     *
     * @param line one stdout line without its terminator; null is treated as not a marker
     * @return empty for a line that does not start with {@link #MARKER}, else the output it publishes
     * @throws IllegalArgumentException for a malformed marker (missing '=', bad key, longer than
     *                                  {@value #MAX_LINE_CHARS} chars, invalid JSON, json:null), with a
     *                                  message naming the key where there is one
     */
    public static Optional<Output> parse(String line) {
        if (line == null || !line.startsWith(MARKER)) return Optional.empty();
        var spec = line.substring(MARKER.length());
        int eq = spec.indexOf('=');
        var key = eq < 0 ? spec.trim() : spec.substring(0, eq).trim();
        if (eq < 0 || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("malformed output marker '" + MARKER + abbreviate(spec)
                    + "': expected key=value with key matching " + KEY);
        }
        if (line.length() > MAX_LINE_CHARS) {
            throw new IllegalArgumentException("output marker '" + key + "' is too long: " + line.length()
                    + " chars, at most " + MAX_LINE_CHARS + " per line");
        }
        var value = spec.substring(eq + 1);
        if (!value.startsWith("json:")) return Optional.of(new Output(key, value));
        Object parsed;
        try {
            parsed = JSON.readValue(value.substring(5), Object.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("output marker '" + key + "' has invalid JSON: " + e.getOriginalMessage());
        }
        if (parsed == null) {
            throw new IllegalArgumentException("output marker '" + key + "': json:null is not allowed; omit the output instead");
        }
        return Optional.of(new Output(key, parsed));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
