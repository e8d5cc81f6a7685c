package dev.opsflow.jobs.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> WEB_PROD = Map.of("env", "prod", "role", "web", "region", "us");

    @Test
    void the_documented_example_parses_into_four_requirements() {
        var s = LabelSelector.parse("env=prod,role in (web,db),!maintenance,region!=eu");
        assertThat(s.requirements()).containsExactly(new LabelSelector.Equals("env", "prod"),
                new LabelSelector.In("role", new java.util.LinkedHashSet<>(java.util.List.of("web", "db"))),
                new LabelSelector.NotExists("maintenance"), new LabelSelector.NotEquals("region", "eu"));
        assertThat(s.matches(WEB_PROD)).isTrue();
    }

    @Test
    void every_requirement_must_hold() {
        assertThat(LabelSelector.parse("env=prod,role=db").matches(WEB_PROD)).isFalse();
        assertThat(LabelSelector.parse("env==prod").matches(WEB_PROD)).isTrue();
        assertThat(LabelSelector.parse("region!=eu").matches(Map.of())).isTrue();
        assertThat(LabelSelector.parse("role notin (db, cache)").matches(WEB_PROD)).isTrue();
        assertThat(LabelSelector.parse("role notin (web)").matches(WEB_PROD)).isFalse();
        assertThat(LabelSelector.parse("role in (db)").matches(Map.of())).isFalse();
    }

    @Test
    void a_bare_key_tests_presence_and_a_bang_tests_absence() {
        assertThat(LabelSelector.parse("maintenance").matches(Map.of("maintenance", ""))).isTrue();
        assertThat(LabelSelector.parse("maintenance").matches(WEB_PROD)).isFalse();
        assertThat(LabelSelector.parse("!maintenance").matches(WEB_PROD)).isTrue();
    }

    @Test
    void whitespace_is_ignored_and_the_canonical_form_reads_back_equal() {
        var s = LabelSelector.parse("  env = prod ,role in(web , db) , ! maintenance ");
        assertThat(s.toString()).isEqualTo("env=prod,role in (web,db),!maintenance");
        assertThat(LabelSelector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void errors_name_the_column_and_what_was_expected() {
        assertThatThrownBy(() -> LabelSelector.parse("role in web")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("selector 'role in web': column 9: expected '(' but found 'w'");
        assertThatThrownBy(() -> LabelSelector.parse("env=prod,")).hasMessageContaining("column 10: expected a label key");
        assertThatThrownBy(() -> LabelSelector.parse("role in (web")).hasMessageContaining("expected ')' but the selector ended");
        assertThatThrownBy(() -> LabelSelector.parse("a b")).hasMessageContaining("column 3: expected ',' or the end but found 'b'");
        assertThatThrownBy(() -> LabelSelector.parse("role in ()")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> LabelSelector.parse(" ")).hasMessage("selector is empty");
    }

    @Test
    void target_items_are_classified_by_prefix_and_shape() {
        var t = TargetSpec.parse(java.util.List.of("local", "web1", "host:db1", "group:web", "env=prod,role in (a,b)", "selector:maint"));
        assertThat(t.items()).extracting(Object::toString)
                .containsExactly("local", "host:web1", "host:db1", "group:web", "selector:env=prod,role in (a,b)", "selector:maint");
        assertThatThrownBy(() -> TargetSpec.parse(java.util.List.of("web1", "host:bad name")))
                .hasMessage("targets[1]: 'bad name' is not a valid host name");
        assertThatThrownBy(() -> TargetSpec.parse(java.util.List.of())).hasMessageContaining("at least one target");
    }
}
