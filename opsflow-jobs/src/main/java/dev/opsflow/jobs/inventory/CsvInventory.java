package dev.opsflow.jobs.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CSV inventory: a header naming the columns ({@code name,address,port,os,labels}; only {@code name}
 * is required, any order), then one host per line. Fields containing ',' or '"' are quoted with '"'
 * ({@code ""} inside quotes is one '"'). Labels are {@code k=v;k=v}; a ';' or '\' inside a value is
 * written {@code \;} / {@code \\}. Empty lines and lines starting with '#' are skipped. Every problem
 * names its 1-based line.
 */
final class CsvInventory {
    static final List<String> COLUMNS = List.of("name", "address", "port", "os", "labels");

    private CsvInventory() {
    }

    /** @throws dev.opsflow.engine.template.TemplateInvalidException with every problem and its line */
    static ParsedInventory parse(String text) {
        var problems = new Problems();
        var lines = text.split("\r?\n", -1);
        List<String> header = null;
        var hosts = new ArrayList<ParsedInventory.At<HostSpec>>();
        var seen = new HashMap<String, Integer>();
        for (int i = 0; i < lines.length; i++) {
            int no = i + 1;
            var line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            List<String> fields;
            try {
                fields = fields(line);
            } catch (IllegalArgumentException e) {
                problems.add(null, no, "syntax", e.getMessage());
                continue;
            }
            if (header == null) {
                header = fields.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
                for (var h : header) {
                    if (!COLUMNS.contains(h)) problems.add(h, no, "unknown-column", "unknown column '" + h + "' (expected " + String.join(",", COLUMNS) + ")");
                }
                if (!header.contains("name")) problems.add("name", no, "required", "the header must contain a 'name' column");
                if (Set.copyOf(header).size() != header.size()) problems.add(null, no, "duplicate", "a column is named twice in the header");
                problems.throwIfAny();
                continue;
            }
            if (fields.size() != header.size()) {
                problems.add(null, no, "syntax", "expected " + header.size() + " fields but found " + fields.size());
                continue;
            }
            var row = new HashMap<String, String>();
            for (int c = 0; c < header.size(); c++) row.put(header.get(c), fields.get(c).strip());
            var spec = row(row, problems, no);
            if (spec == null) continue;
            var first = seen.putIfAbsent(spec.name(), no);
            if (first != null) {
                problems.add("name", no, "duplicate", "host '" + spec.name() + "' is already defined on line " + first);
                continue;
            }
            hosts.add(new ParsedInventory.At<>(spec, no));
        }
        if (header == null) problems.add(null, 1, "empty", "the CSV has no header line (name,address,port,os,labels)");
        problems.throwIfAny();
        return new ParsedInventory(hosts, List.of());
    }

    private static HostSpec row(Map<String, String> row, Problems problems, int no) {
        int port = 0;
        var portText = row.getOrDefault("port", "");
        if (!portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                problems.add("port", no, "invalid-port", "port must be a number 1..65535 but was '" + portText + "'");
                return null;
            }
        }
        Map<String, String> labels;
        try {
            labels = labels(row.getOrDefault("labels", ""));
        } catch (IllegalArgumentException e) {
            problems.add("labels", no, "invalid-label", e.getMessage());
            return null;
        }
        var spec = new HostSpec(row.get("name"), row.get("address"), port, row.get("os"), labels);
        var local = new Problems();
        spec.validate(local, "", no);
        local.all().forEach(p -> problems.add(p.field(), no, p.code(), p.message()));
        return local.isEmpty() ? spec : null;
    }

    static Map<String, String> labels(String text) {
        var out = new LinkedHashMap<String, String>();
        if (text.isBlank()) return out;
        var cur = new StringBuilder();
        var parts = new ArrayList<String>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) cur.append(text.charAt(++i));
            else if (c == ';') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        parts.add(cur.toString());
        for (var p : parts) {
            if (p.isBlank()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("label '" + p.strip() + "' must be key=value");
            var key = p.substring(0, eq).strip();
            if (out.put(key, p.substring(eq + 1).strip()) != null) throw new IllegalArgumentException("label '" + key + "' is given twice");
        }
        return out;
    }

    static List<String> fields(String line) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (c == '"' && cur.toString().isBlank()) {
                quoted = true;
                cur.setLength(0);
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        if (quoted) throw new IllegalArgumentException("unterminated quoted field (a field cannot span lines)");
        out.add(cur.toString());
        return out;
    }

    /** @return the hosts as CSV with the full header, sorted by name as given */
    static String write(List<HostRecord> hosts) {
        var sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (var h : hosts) {
            var labels = new StringBuilder();
            h.labels().forEach((k, v) -> labels.append(labels.isEmpty() ? "" : ";").append(k).append('=')
                    .append(v.replace("\\", "\\\\").replace(";", "\\;")));
            sb.append(quote(h.name())).append(',').append(quote(h.address())).append(',').append(h.port()).append(',')
                    .append(quote(h.os())).append(',').append(quote(labels.toString())).append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.startsWith(" ") || s.endsWith(" ") || s.startsWith("#")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
