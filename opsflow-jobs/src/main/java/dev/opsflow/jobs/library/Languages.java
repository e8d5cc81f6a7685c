package dev.opsflow.jobs.library;

import dev.opsflow.exec.Language;

/** Parsing of script language names as written in requests ("bash", "python3"). */
public final class Languages {
    private Languages() {
    }

    /** @throws IllegalArgumentException naming the field and the accepted values */
    public static Language parse(String field, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": required (bash, sh, python3 or perl)");
        try {
            return Language.valueOf(value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": expected bash, sh, python3 or perl but got '" + value + "'");
        }
    }
}
