package dev.opsflow.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class VariableBinderTest {
    private final Template t = new TemplateParser().parse("""
            name: vars
            inputs:
              version: {type: string, required: true, regex: '^\\d+\\.\\d+$'}
              replicas: {type: int, default: 3}
              ratio: {type: number}
              dryRun: {type: bool, default: false}
              env: {type: select, options: [staging, production], default: staging}
              regions: {type: multiselect, options: [eu, us, 2]}
              at: {type: datetime}
              token: {type: secret}
              payload: {type: json}
              hosts: {type: hosts}
              notes: {type: text}
            nodes: []
            """).template();

    private static Map<String, Object> given(Object... kv) {
        var m = new HashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void strings_from_the_cli_are_coerced_to_the_declared_types() {
        var bound = VariableBinder.bind(t, given("version", "1.2", "replicas", "5", "ratio", "2.5", "dryRun", "true",
                "regions", "[\"eu\", \"2\"]", "at", "2025-01-31T10:00:00Z", "payload", "{\"a\": [1]}",
                "hosts", "web1, web2\nweb3", "notes", "multi\nline"));
        assertThat(bound).containsEntry("version", "1.2").containsEntry("replicas", 5).containsEntry("ratio", 2.5)
                .containsEntry("dryRun", true).containsEntry("regions", List.of("eu", 2))
                .containsEntry("at", "2025-01-31T10:00:00Z").containsEntry("payload", Map.of("a", List.of(1)))
                .containsEntry("hosts", List.of("web1", "web2", "web3")).containsEntry("notes", "multi\nline");
    }

    @Test
    void defaults_apply_and_absent_optional_variables_are_null_in_declaration_order() {
        var bound = VariableBinder.bind(t, given("version", "1.0"));
        assertThat(bound.keySet()).containsExactly("version", "replicas", "ratio", "dryRun", "env", "regions", "at",
                "token", "payload", "hosts", "notes");
        assertThat(bound).containsEntry("replicas", 3).containsEntry("dryRun", false).containsEntry("env", "staging")
                .containsEntry("token", null);
    }

    @Test
    void typed_values_are_kept() {
        var bound = VariableBinder.bind(t, given("version", "1.0", "replicas", 7L, "ratio", 1, "regions", List.of("us"),
                "hosts", List.of("h1"), "payload", List.of(1, 2)));
        assertThat(bound).containsEntry("replicas", 7).containsEntry("ratio", 1).containsEntry("regions", List.of("us"))
                .containsEntry("hosts", List.of("h1")).containsEntry("payload", List.of(1, 2));
        assertThat(VariableBinder.bind(t, given("version", "1.0", "replicas", "9999999999")).get("replicas")).isEqualTo(9999999999L);
    }

    @Test
    void every_bad_value_is_reported_with_its_variable_field() {
        assertThatThrownBy(() -> VariableBinder.bind(t, given("replicas", "three", "ratio", "x", "dryRun", "yes",
                "env", "dev", "regions", "[\"mars\"]", "at", "tomorrow", "payload", "{oops", "typo", 1)))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems())
                        .extracting(Problem::code, Problem::field)
                        .containsExactlyInAnyOrder(
                                tuple("unknown-variable", "variables.typo"),
                                tuple("missing-variable", "variables.version"),
                                tuple("invalid-variable-value", "variables.replicas"),
                                tuple("invalid-variable-value", "variables.ratio"),
                                tuple("invalid-variable-value", "variables.dryRun"),
                                tuple("invalid-variable-value", "variables.env"),
                                tuple("invalid-variable-value", "variables.regions"),
                                tuple("invalid-variable-value", "variables.at"),
                                tuple("invalid-variable-value", "variables.payload")));
    }

    @Test
    void the_regex_must_match_the_whole_value() {
        assertThatThrownBy(() -> VariableBinder.bind(t, given("version", "1.2.3")))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> {
                            assertThat(p.field()).isEqualTo("variables.version");
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.message()).contains("does not match");
                        }));
    }

    @Test
    void secret_names_and_masking() {
        assertThat(VariableBinder.secretNames(t)).containsExactly("token");
        var bound = VariableBinder.bind(t, given("version", "1.0", "token", "s3cret"));
        assertThat(VariableBinder.masked(t, bound)).containsEntry("token", "******").containsEntry("version", "1.0");
    }
}
