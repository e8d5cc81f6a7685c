package dev.opsflow.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps {@code System.err} (where slf4j-simple logs) to count the engine's failed group commits
 * ("StateWriter - commit of N decisions failed"), and shortens their stack traces to one line.
 */
final class LogWatch extends OutputStream {
    static final LongAdder COMMIT_FAILURES = new LongAdder();
    private final PrintStream target;
    private final StringBuilder line = new StringBuilder();
    private boolean inTrace;

    private LogWatch(PrintStream target) {
        this.target = target;
    }

    static void install() {
        System.setErr(new PrintStream(new LogWatch(System.err), true, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.append((char) b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        var s = new String(b, off, len, StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') flushLine();
            else line.append(c);
        }
    }

    private void flushLine() {
        var l = line.toString();
        line.setLength(0);
        if (l.contains("StateWriter - commit of") && l.contains("failed")) COMMIT_FAILURES.increment();
        boolean traceLine = l.startsWith("\tat ") || l.startsWith("\t... ") || l.startsWith("Caused by: ")
                || l.startsWith("UPDATE ") || l.startsWith("INSERT ") || l.startsWith("dev.opsflow.store.jdbc.JdbcStoreException");
        if (traceLine) {
            if (!inTrace) target.println("    (stack trace omitted)");
            inTrace = true;
            return;
        }
        inTrace = false;
        target.println(l.length() > 300 ? l.substring(0, 300) + " …" : l);
    }
}
