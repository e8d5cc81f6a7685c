package dev.opsflow.engine.template;

import java.util.Locale;

/** Type of a template input variable; written in templates in lower case. */
public enum VariableType {
    STRING, TEXT, INT, NUMBER, BOOL, SELECT, MULTISELECT, DATETIME, SECRET, JSON, HOSTS;

    /** @return the lower-case name used in templates and the API */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name wire name, case-insensitive
     * @return the type
     * @throws IllegalArgumentException when unknown
     */
    public static VariableType fromWire(String name) {
        for (VariableType t : values()) {
            if (t.wireName().equalsIgnoreCase(name)) return t;
        }
        throw new IllegalArgumentException("unknown variable type '" + name
                + "'; expected one of string, text, int, number, bool, select, multiselect, datetime, secret, json, hosts");
    }
}
