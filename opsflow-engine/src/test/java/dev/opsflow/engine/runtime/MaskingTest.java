package dev.opsflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void every_occurrence_of_every_secret_in_a_text_is_replaced() {
        assertThat(Masking.maskText("user=admin pass=hunter2 again hunter2 token=abc123", Set.of("hunter2", "abc123")))
                .isEqualTo("user=admin pass=****** again ****** token=******");
    }

    @Test
    void nested_maps_and_lists_are_masked_deeply_and_non_text_values_are_kept() {
        var inner = new LinkedHashMap<String, Object>();
        inner.put("header", "Bearer tok-1");
        inner.put("retries", 3);
        inner.put("nothing", null);
        var value = Map.of("request", inner, "lines", List.of("ok", "echo pw-2", List.of("tok-1 pw-2")), "flag", true);

        var masked = Masking.mask(value, Set.of("tok-1", "pw-2"));

        assertThat(masked).isEqualTo(Map.of(
                "request", mapOf("header", "Bearer ******", "retries", 3, "nothing", null),
                "lines", List.of("ok", "echo ******", List.of("****** ******")),
                "flag", true));
    }

    @Test
    void masking_returns_copies_and_leaves_the_input_untouched() {
        var list = new ArrayList<Object>(List.of("secret"));
        var map = new HashMap<String, Object>(Map.of("k", "secret", "l", list));

        var masked = Masking.maskMap(map, Set.of("secret"));

        assertThat(masked).isEqualTo(Map.of("k", "******", "l", List.of("******")));
        assertThat(map).isEqualTo(Map.of("k", "secret", "l", List.of("secret")));
        assertThat(masked).isNotSameAs(map);
    }

    @Test
    void without_secrets_the_same_instance_is_returned() {
        var map = Map.<String, Object>of("k", "v", "l", List.of("x"));
        var text = "plain";

        assertThat(Masking.mask(map, Set.of())).isSameAs(map);
        assertThat(Masking.maskMap(map, Set.of())).isSameAs(map);
        assertThat(Masking.mask(text, Set.of())).isSameAs(text);
        assertThat(Masking.maskText(text, Set.of("absent"))).isSameAs(text);
        assertThat(Masking.mask(null, Set.of("x"))).isNull();
        assertThat(Masking.mask(42, Set.of("42"))).isEqualTo(42);
    }

    @Test
    void an_empty_secret_masks_nothing() {
        assertThat(Masking.maskText("abc", Set.of(""))).isEqualTo("abc");
    }

    @Test
    void map_keys_become_text_and_are_not_masked() {
        var masked = Masking.mask(Map.of(1, "pw", "pw", "x"), Set.of("pw"));

        assertThat(masked).isEqualTo(Map.of("1", "******", "pw", "x"));
    }

    private static Map<String, Object> mapOf(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
