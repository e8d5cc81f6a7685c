package dev.opsflow.jobs.inventory;

import java.util.Locale;

/** How a host group picks its hosts. Stored by name. */
public enum GroupKind {
    /** A fixed list of host names. */
    STATIC,
    /** Every host whose labels match a {@link LabelSelector}, evaluated when a run starts. */
    DYNAMIC;

    /** @return the API spelling: {@code static} or {@code dynamic} */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but static / dynamic (any case) */
    public static GroupKind parse(String s) {
        if (s != null) {
            for (var k : values()) if (k.name().equalsIgnoreCase(s.trim())) return k;
        }
        throw new IllegalArgumentException("kind must be 'static' or 'dynamic' but was " + (s == null ? "missing" : "'" + s + "'"));
    }
}
