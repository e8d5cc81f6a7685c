package dev.opsflow.engine.template;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Parses durations as written in templates: {@code "500ms"}, {@code "30s"}, {@code "5m"},
 * {@code "1h30m"}, {@code "2d"}, ISO-8601 ({@code "PT30S"}), or a bare number of seconds.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|s|m|h|d))+");

    private Durations() {
    }

    /**
     * @param value a String or a Number (seconds)
     * @return the duration
     * @throws IllegalArgumentException when the value is not a duration, with the accepted forms
     */
    public static Duration parse(Object value) {
        if (value instanceof Number n) {
            if (n.doubleValue() < 0) throw new IllegalArgumentException("duration must not be negative: " + n);
            return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("expected a duration such as 30s, 5m, 1h30m, 500ms or PT30S but got " + value);
        }
        var text = s.trim();
        if (text.matches("\\d+(\\.\\d+)?")) return parse(Double.parseDouble(text));
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 duration");
            }
        }
        if (!WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a duration; use forms like 30s, 5m, 1h30m, 500ms or PT30S");
        }
        var m = PART.matcher(text);
        var total = Duration.ZERO;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total;
    }

    /** @return a compact form such as {@code 1h30m}, {@code 45s} or {@code 250ms} */
    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        var b = new StringBuilder();
        if (s >= 86400) { b.append(s / 86400).append('d'); s %= 86400; }
        if (s >= 3600) { b.append(s / 3600).append('h'); s %= 3600; }
        if (s >= 60) { b.append(s / 60).append('m'); s %= 60; }
        if (s > 0 || b.isEmpty()) b.append(s).append('s');
        return b.toString();
    }
}
