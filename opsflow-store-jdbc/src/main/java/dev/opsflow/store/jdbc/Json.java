package dev.opsflow.store.jdbc;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text columns. Maps read back as insertion-ordered {@code Map<String, Object>} of JSON types
 * (String, Integer/Long/BigInteger, Double, Boolean, List, Map, null); instants written into data maps
 * come back as ISO-8601 strings. SQL NULL reads as an empty map or set.
 */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, int[]>> COUNTERS = new TypeReference<>() { };

    private Json() {
    }

    static String write(Object value) {
        return value == null ? null : MAPPER.writeValueAsString(value);
    }

    static Map<String, Object> map(String json) {
        return json == null ? new LinkedHashMap<>() : MAPPER.readValue(json, MAP);
    }

    /** @return the map, or null when the column is NULL (distinguishes "no overrides" from "empty") */
    static Map<String, Object> mapOrNull(String json) {
        return json == null ? null : MAPPER.readValue(json, MAP);
    }

    static Set<String> set(String json) {
        return json == null ? new LinkedHashSet<>() : new LinkedHashSet<>(MAPPER.readValue(json, STRINGS));
    }

    /** Converge counters: id to {arrivals, expected}. */
    static Map<String, int[]> counters(String json) {
        return json == null ? new LinkedHashMap<>() : MAPPER.readValue(json, COUNTERS);
    }
}
