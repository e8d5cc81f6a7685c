package dev.opsflow.plugins.script;

import dev.opsflow.engine.plugin.OutputMarkers;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a process stream on its own virtual thread and hands over each line as soon as it is
 * complete. Lines longer than {@value #MAX_LINE} chars are split, so one endless line cannot
 * exhaust memory. A trailing {@code \r} is dropped. Ends at end of stream (every writer, including
 * background children that inherited the pipe, has closed it).
 */
final class LinePump {
    /** One more than the longest marker line, so a marker is never split (see {@link OutputMarkers#MAX_LINE_CHARS}). */
    static final int MAX_LINE = OutputMarkers.MAX_LINE_CHARS + 1;

    private LinePump() {
    }

    /** @return the started virtual thread */
    static Thread start(String name, InputStream in, Consumer<String> sink) {
        return Thread.ofVirtual().name(name).start(() -> pump(new InputStreamReader(in, StandardCharsets.UTF_8), sink));
    }

    private static void pump(Reader reader, Consumer<String> sink) {
        var line = new StringBuilder();
        var buf = new char[8192];
        try (reader) {
            int n;
            while ((n = reader.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        emit(line, sink);
                    } else {
                        line.append(c);
                        if (line.length() >= MAX_LINE) emit(line, sink);
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed under us (process destroyed); whatever was read is emitted below
        }
        if (!line.isEmpty()) emit(line, sink);
    }

    private static void emit(StringBuilder line, Consumer<String> sink) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') end--;
        sink.accept(line.substring(0, end));
        line.setLength(0);
    }
}
