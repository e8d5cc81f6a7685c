package dev.opsflow.plugins.script;

import dev.opsflow.engine.plugin.OutputMarkers;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;

/**
 * Collects what a script publishes on stdout: its {@code ##opsflow:output} marker lines (parsed by the
 * engine's {@link OutputMarkers}, the same rules as for scripts run by opsflow-exec) and the tail.
 * Thread-safe (the stdout pump writes, the plugin thread reads). A malformed marker is remembered as an
 * error and fails the attempt.
 */
final class ScriptOutputs {
    static final int TAIL_LINES = 20;
    static final int TAIL_CHARS = 4096;

    private final OutputMarkers markers = new OutputMarkers();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private int tailChars;

    /** Records one stdout line: into the tail and, when it is a marker, into the outputs. */
    void accept(String line) {
        synchronized (this) {
            tail.addLast(line);
            tailChars += line.length() + 1;
            while (tail.size() > TAIL_LINES || (tailChars > TAIL_CHARS && tail.size() > 1)) {
                tailChars -= tail.removeFirst().length() + 1;
            }
        }
        markers.accept(line);
    }

    /** @return outputs published so far, in marker order */
    Map<String, Object> outputs() {
        return markers.outputs();
    }

    /** @return the last {@value #TAIL_LINES} lines (at most about {@value #TAIL_CHARS} chars), newline-joined */
    synchronized String tail() {
        var text = String.join("\n", tail);
        return text.length() > TAIL_CHARS ? text.substring(text.length() - TAIL_CHARS) : text;
    }

    /** @return the first marker error, if any */
    Optional<String> error() {
        return markers.error();
    }
}
