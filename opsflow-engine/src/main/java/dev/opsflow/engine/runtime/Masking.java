package dev.opsflow.engine.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Replaces secret values with {@code ******} in strings, maps and lists (deep). */
public final class Masking {
    /** The mask shown instead of a secret. */
    public static final String MASK = "******";

    private Masking() {
    }

    /**
     * @param value   any JSON-like value
     * @param secrets clear-text secret values to hide
     * @return a masked copy (the same instance when there is nothing to mask)
     */
    public static Object mask(Object value, Set<String> secrets) {
        if (secrets.isEmpty() || value == null) return value;
        return switch (value) {
            case String s -> maskText(s, secrets);
            case Map<?, ?> m -> {
                var out = new LinkedHashMap<String, Object>();
                m.forEach((k, v) -> out.put(String.valueOf(k), mask(v, secrets)));
                yield out;
            }
            case List<?> l -> l.stream().map(v -> mask(v, secrets)).toList();
            default -> value;
        };
    }

    /** @return the map masked */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> maskMap(Map<String, Object> value, Set<String> secrets) {
        return (Map<String, Object>) mask(value, secrets);
    }

    /** @return the text with every occurrence of every secret replaced */
    public static String maskText(String text, Set<String> secrets) {
        var out = text;
        for (var s : secrets) {
            if (!s.isEmpty() && out.contains(s)) out = out.replace(s, MASK);
        }
        return out;
    }
}
