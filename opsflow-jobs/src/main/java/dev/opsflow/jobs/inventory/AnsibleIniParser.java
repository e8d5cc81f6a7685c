package dev.opsflow.jobs.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an Ansible INI inventory: host lines ({@code name[:port] [key=value ...]}, ranges like
 * {@code web[01:03].example.com}), {@code [group]}, {@code [group:children]} and {@code [group:vars]}
 * sections, {@code #} and {@code ;} comments. Hosts before the first section are ungrouped. Values
 * may be quoted with {@code "} or {@code '}. Every problem names its 1-based line; see
 * {@link AnsibleModel} for how groups and vars become hosts, labels and static groups.
 */
final class AnsibleIniParser {
    private static final Pattern SECTION = Pattern.compile("\\[([^\\]:]+)(?::([^\\]]*))?\\]");

    private AnsibleIniParser() {
    }

    /** @throws dev.opsflow.engine.template.TemplateInvalidException with every problem and its line */
    static ParsedInventory parse(String text) {
        var model = new AnsibleModel();
        var section = AnsibleModel.UNGROUPED;
        var kind = "hosts";
        var lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int no = i + 1;
            var line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                var m = SECTION.matcher(line);
                if (!m.matches()) {
                    model.problems.add("section", no, "syntax", "expected a section header like [web], [web:children] or [web:vars]");
                    continue;
                }
                section = m.group(1).strip();
                kind = m.group(2) == null ? "hosts" : m.group(2).strip();
                if (!kind.equals("hosts") && !kind.equals("children") && !kind.equals("vars")) {
                    model.problems.add("section", no, "syntax", "unknown section type ':" + kind
                            + "' (expected :children or :vars)");
                    kind = "skip";
                    continue;
                }
                model.group(section, no);
                continue;
            }
            try {
                switch (kind) {
                    case "hosts" -> hostLine(model, section, line, no);
                    case "children" -> {
                        var child = stripComment(line).strip();
                        if (child.contains(" ") || child.contains("=")) {
                            throw new IllegalArgumentException("a [" + section + ":children] line holds one group name but was '" + child + "'");
                        }
                        model.child(model.group(section, no), model.group(child, no), no);
                    }
                    case "vars" -> {
                        int eq = line.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("expected key=value in [" + section + ":vars]");
                        var value = unquote(stripComment(line.substring(eq + 1)).strip());
                        model.group(section, no).vars.put(line.substring(0, eq).strip(), new AnsibleModel.Var(value, no));
                    }
                    default -> { }
                }
            } catch (IllegalArgumentException e) {
                model.problems.add(null, no, "syntax", e.getMessage());
            }
        }
        return model.build();
    }

    private static void hostLine(AnsibleModel model, String section, String line, int no) {
        var tokens = tokens(stripComment(line));
        var pattern = tokens.getFirst();
        Integer port = null;
        int colon = pattern.lastIndexOf(':');
        if (colon > 0 && pattern.indexOf(':') == colon && pattern.indexOf(']', colon) < 0) {
            var p = pattern.substring(colon + 1);
            if (!p.matches("\\d{1,5}")) throw new IllegalArgumentException("port '" + p + "' of host '" + pattern + "' is not a number");
            port = Integer.parseInt(p);
            pattern = pattern.substring(0, colon);
        }
        var vars = new ArrayList<AnsibleModel.Var>();
        var keys = new ArrayList<String>();
        for (var t : tokens.subList(1, tokens.size())) {
            int eq = t.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("host variable '" + t + "' must be key=value");
            keys.add(t.substring(0, eq));
            vars.add(new AnsibleModel.Var(unquote(t.substring(eq + 1)), no));
        }
        var group = model.group(section, no);
        for (var name : HostRanges.expand(pattern)) {
            var h = model.host(name, no);
            if (port != null) {
                h.port = port;
                h.portLine = no;
            }
            for (int k = 0; k < keys.size(); k++) h.vars.put(keys.get(k), vars.get(k));
            model.member(group, h);
        }
    }

    /** Splits on whitespace outside quotes; quotes stay in the token (removed by {@link #unquote}). */
    static List<String> tokens(String line) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    cur.append(c).append(line.charAt(++i));
                    continue;
                }
                if (c == quote) quote = 0;
                cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                cur.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unterminated " + quote + " quote");
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    /** Drops a trailing {@code # comment} that is preceded by whitespace and outside quotes. */
    static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i).stripTrailing();
            }
        }
        return line;
    }

    static String unquote(String v) {
        if (v.length() >= 2 && v.charAt(0) == '"' && v.endsWith("\"")) {
            var out = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() - 1) c = v.charAt(++i);
                out.append(c);
            }
            return out.toString();
        }
        if (v.length() >= 2 && v.charAt(0) == '\'' && v.endsWith("'")) return v.substring(1, v.length() - 1);
        return v;
    }
}
