package dev.opsflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** What both benchmark programs (flows, SSH fan-out) need around their measurements. */
public final class BenchSupport {
    private BenchSupport() {
    }

    /** @return the 1/5/15-minute load average from /proc/loadavg as "a/b/c", or "?" */
    public static String loadAverage() {
        try {
            var f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** @return the CPU's model name from /proc/cpuinfo, or "unknown CPU" */
    public static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }

    /**
     * Replaces the text between {@code begin} and {@code end} in {@code out} with {@code md}, or appends
     * {@code heading}, the markers and {@code md} when the markers are missing (or the file is).
     *
     * @throws java.io.IOException when the file cannot be read or written
     */
    public static void writeBetweenMarkers(Path out, String begin, String end, String heading, String md)
            throws java.io.IOException {
        var text = Files.exists(out) ? Files.readString(out) : "";
        int b = text.indexOf(begin), e = text.indexOf(end);
        String updated;
        if (b >= 0 && e > b) {
            updated = text.substring(0, b + begin.length()) + "\n" + md + (md.endsWith("\n") ? "" : "\n") + text.substring(e);
        } else {
            updated = text + (text.isEmpty() || text.endsWith("\n") ? "\n" : "\n\n") + heading + "\n\n" + begin + "\n" + md
                    + (md.endsWith("\n") ? "" : "\n") + end + "\n";
        }
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, updated);
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
