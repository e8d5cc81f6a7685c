package dev.opsflow.jobs.inventory;

import java.util.Locale;
import java.util.regex.Pattern;

/** File formats of inventory import and export. */
public enum InventoryFormat {
    /** Ansible INI inventory (import and export). */
    INI,
    /** Ansible YAML inventory (import only). */
    YAML,
    /** {@code name,address,port,os,labels} (import and export). */
    CSV;

    private static final Pattern YAML_KEY = Pattern.compile("[^\\s\\[=,]+:\\s*(#.*)?");

    /** @throws IllegalArgumentException for anything but ini, yaml (yml) or csv, any case */
    public static InventoryFormat parse(String s) {
        var v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "ini" -> INI;
            case "yaml", "yml" -> YAML;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException("format: expected ini, yaml or csv but got '" + s + "'");
        };
    }

    /**
     * Guesses the format from the first line that is not blank or a comment: {@code ---} or
     * {@code key:} → YAML; a line starting with {@code name,} (or just {@code name}) → CSV; anything
     * else (a {@code [section]} or a host line) → INI.
     */
    public static InventoryFormat sniff(String content) {
        for (var raw : content.split("\r?\n")) {
            var line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("---") || YAML_KEY.matcher(line).matches()) return YAML;
            var lower = line.toLowerCase(Locale.ROOT);
            if (lower.equals("name") || lower.startsWith("name,") || lower.startsWith("\"name\",")) return CSV;
            return INI;
        }
        return INI;
    }
}
