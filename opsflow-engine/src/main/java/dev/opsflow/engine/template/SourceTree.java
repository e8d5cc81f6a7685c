package dev.opsflow.engine.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a YAML or JSON token stream into plain values while remembering source lines: the line of
 * every object and of every key in it. Jackson's tree model drops locations, hence this reader.
 */
final class SourceTree {

    /** A mapping with the 1-based line of itself and of each of its keys, in source order. */
    static final class Obj {
        final Map<String, Object> values = new LinkedHashMap<>();
        final Map<String, Integer> keyLines = new HashMap<>();
        final int line;

        Obj(int line) {
            this.line = line;
        }

        int lineOf(String key) {
            return keyLines.getOrDefault(key, line);
        }
    }

    /** A key that appeared twice in one mapping. */
    record Duplicate(String key, int line) {
    }

    private SourceTree() {
    }

    /**
     * Reads the value at the parser's current token.
     *
     * @return an {@link Obj}, a List, a String, Number, Boolean or null
     */
    static Object read(JsonParser p, List<Duplicate> duplicates) {
        JsonToken t = p.currentToken();
        if (t == null) return null;
        return switch (t) {
            case START_OBJECT -> {
                var o = new Obj(line(p));
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    var key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    var value = read(p, duplicates);
                    if (o.values.containsKey(key)) duplicates.add(new Duplicate(key, keyLine));
                    o.values.put(key, value);
                    o.keyLines.put(key, keyLine);
                }
                yield o;
            }
            case START_ARRAY -> {
                var list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) list.add(read(p, duplicates));
                yield list;
            }
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> p.getString();
        };
    }

    /** @return the value with every {@link Obj} replaced by a LinkedHashMap, for plugin inputs and defaults */
    static Object plain(Object value) {
        if (value instanceof Obj o) {
            var m = new LinkedHashMap<String, Object>();
            o.values.forEach((k, v) -> m.put(k, plain(v)));
            return m;
        }
        if (value instanceof List<?> l) {
            var out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }

    private static int line(JsonParser p) {
        var loc = p.currentTokenLocation();
        return loc == null ? 0 : Math.max(0, loc.getLineNr());
    }
}
