package dev.opsflow.jobs.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands Ansible host ranges: {@code web[01:03].example.com} → web01, web02, web03 (zero padding
 * kept from the start value), {@code db-[a:c]} → db-a, db-b, db-c, optional stride
 * {@code [0:10:5]}; several ranges in one pattern multiply.
 */
final class HostRanges {
    static final int MAX_HOSTS = 10_000;

    private HostRanges() {
    }

    /** @throws IllegalArgumentException describing the bad range */
    static List<String> expand(String pattern) {
        int open = pattern.indexOf('[');
        if (open < 0) {
            if (pattern.indexOf(']') >= 0) throw new IllegalArgumentException("']' without '[' in '" + pattern + "'");
            return List.of(pattern);
        }
        int close = pattern.indexOf(']', open);
        if (close < 0) throw new IllegalArgumentException("'[' without ']' in '" + pattern + "'");
        var head = pattern.substring(0, open);
        var parts = pattern.substring(open + 1, close).split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("range '[" + pattern.substring(open + 1, close)
                    + "]' must be [start:end] or [start:end:stride]");
        }
        var values = values(parts[0].trim(), parts[1].trim(), parts.length == 3 ? parts[2].trim() : "1");
        var tails = expand(pattern.substring(close + 1));
        var out = new ArrayList<String>();
        for (var v : values) {
            for (var tail : tails) {
                out.add(head + v + tail);
                if (out.size() > MAX_HOSTS) throw new IllegalArgumentException("range expands to more than " + MAX_HOSTS + " hosts");
            }
        }
        return out;
    }

    private static List<String> values(String start, String end, String strideText) {
        int stride;
        try {
            stride = Integer.parseInt(strideText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range stride '" + strideText + "' is not a number");
        }
        if (stride < 1) throw new IllegalArgumentException("range stride must be at least 1");
        var out = new ArrayList<String>();
        if (start.matches("\\d+") && end.matches("\\d+")) {
            int from = Integer.parseInt(start), to = Integer.parseInt(end);
            if (from > to) throw new IllegalArgumentException("range start " + start + " is after end " + end);
            var format = start.length() > 1 && start.startsWith("0") ? "%0" + start.length() + "d" : "%d";
            for (int i = from; i <= to; i += stride) {
                out.add(String.format(format, i));
                if (out.size() > MAX_HOSTS) throw new IllegalArgumentException("range expands to more than " + MAX_HOSTS + " hosts");
            }
        } else if (start.matches("[a-z]") && end.matches("[a-z]") || start.matches("[A-Z]") && end.matches("[A-Z]")) {
            if (start.charAt(0) > end.charAt(0)) throw new IllegalArgumentException("range start " + start + " is after end " + end);
            for (char c = start.charAt(0); c <= end.charAt(0); c += (char) stride) out.add(String.valueOf(c));
        } else {
            throw new IllegalArgumentException("range [" + start + ":" + end + "] must be two numbers or two letters");
        }
        return out;
    }
}
