package dev.opsflow.exec;

import java.nio.charset.StandardCharsets;

/**
 * The stored part of one stream: lines are kept until {@code capBytes} (UTF-8 bytes) is reached, the
 * rest is only counted and shown as one "[... truncated: N bytes omitted ...]" mark. Thread-safe.
 */
final class OutputCapture {
    private final long capBytes;
    private final StringBuilder text = new StringBuilder();
    private long keptBytes;
    private long omittedBytes;

    OutputCapture(long capBytes) {
        this.capBytes = capBytes;
    }

    /** Appends {@code chunk} (a line plus its newline, or a final partial line). */
    synchronized void append(String chunk) {
        int bytes = utf8Length(chunk);
        if (omittedBytes == 0 && keptBytes + bytes <= capBytes) {
            text.append(chunk);
            keptBytes += bytes;
            return;
        }
        if (omittedBytes == 0) { // keep the head of the line that crosses the cap
            int i = 0;
            while (i < chunk.length()) {
                int cp = chunk.codePointAt(i);
                int len = utf8Length(new String(Character.toChars(cp)));
                if (keptBytes + len > capBytes) break;
                keptBytes += len;
                bytes -= len;
                i += Character.charCount(cp);
            }
            text.append(chunk, 0, i);
        }
        omittedBytes += bytes;
    }

    synchronized boolean truncated() {
        return omittedBytes > 0;
    }

    synchronized String text() {
        if (omittedBytes == 0) return text.toString();
        var sep = text.isEmpty() || text.charAt(text.length() - 1) == '\n' ? "" : "\n";
        return text + sep + "[... truncated: " + omittedBytes + " bytes omitted ...]\n";
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
