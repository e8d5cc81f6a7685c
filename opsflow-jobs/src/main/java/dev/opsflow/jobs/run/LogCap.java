package dev.opsflow.jobs.run;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Caps the stored output of each (host, stream) at a number of bytes (UTF-8, counting one newline per
 * line). Lines past the cap are dropped and counted; {@link #notes()} gives the one truncation mark per
 * capped stream to store after the last kept line. Thread-safe.
 */
public final class LogCap {
    private record Key(String host, String stream) {
    }

    private static final class Counter {
        long kept;
        long omitted;
    }

    private final long capBytes;
    private final Map<Key, Counter> counters = new LinkedHashMap<>();

    public LogCap(long capBytes) {
        this.capBytes = capBytes;
    }

    /** @return true when {@code line} fits under the cap of its stream and should be stored */
    public synchronized boolean accept(String host, String stream, String line) {
        var c = counters.computeIfAbsent(new Key(host, stream), k -> new Counter());
        long bytes = line.getBytes(StandardCharsets.UTF_8).length + 1L;
        if (c.omitted == 0 && c.kept + bytes <= capBytes) {
            c.kept += bytes;
            return true;
        }
        c.omitted += bytes;
        return false;
    }

    /** A truncation mark to store for one capped stream. */
    public record Note(String host, String stream, String line) {
    }

    /** @return one "[... truncated: N bytes omitted ...]" mark per stream that went over the cap */
    public synchronized java.util.List<Note> notes() {
        return counters.entrySet().stream().filter(e -> e.getValue().omitted > 0)
                .map(e -> new Note(e.getKey().host(), e.getKey().stream(), mark(e.getValue().omitted))).toList();
    }

    /** @return the hosts with at least one capped stream */
    public synchronized Set<String> truncatedHosts() {
        var out = new TreeSet<String>();
        counters.forEach((k, c) -> {
            if (c.omitted > 0) out.add(k.host());
        });
        return out;
    }

    /** @return the truncation mark for {@code omitted} bytes */
    public static String mark(long omitted) {
        return "[... truncated: " + omitted + " bytes omitted ...]";
    }
}
