package dev.opsflow.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Receives one stream's raw bytes (from MINA I/O threads or a local pump) and turns them into lines:
 * UTF-8 decoded with replacement (binary output cannot break anything), secrets masked, handed to
 * {@code onLine} as they complete and appended to the capture. A line longer than
 * {@value #MAX_LINE} bytes is emitted in pieces, so memory stays bounded whatever the output.
 */
final class LineCollector extends OutputStream {
    static final int MAX_LINE = 64 * 1024;

    private final SecretMasker masker;
    private final OutputCapture capture;
    private final Consumer<String> onLine;
    private final Predicate<String> keep;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean closed;

    LineCollector(SecretMasker masker, OutputCapture capture, Consumer<String> onLine) {
        this(masker, capture, onLine, line -> true);
    }

    /** @param keep false drops a line before capture and listeners (the wrapper's control lines) */
    LineCollector(SecretMasker masker, OutputCapture capture, Consumer<String> onLine, Predicate<String> keep) {
        this.masker = masker;
        this.capture = capture;
        this.onLine = onLine;
        this.keep = keep;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (closed) return;
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i - start);
                emit(true);
                start = i + 1;
            } else if (line.size() + (i - start) >= MAX_LINE) {
                line.write(b, start, i - start);
                emit(false);
                start = i;
            }
        }
        line.write(b, start, end - start);
    }

    private void emit(boolean newline) {
        var bytes = line.toByteArray();
        line.reset();
        int n = bytes.length;
        if (newline && n > 0 && bytes[n - 1] == '\r') n--;
        var text = masker.mask(decode(bytes, n));
        if (!keep.test(text)) return;
        capture.append(newline ? text + "\n" : text);
        onLine.accept(text);
    }

    private static String decode(byte[] bytes, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, 0, len, StandardCharsets.UTF_8);
        }
    }

    /** Flushes a final line without a newline. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        if (line.size() > 0) emit(false);
        closed = true;
    }
}
