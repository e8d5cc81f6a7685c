package dev.opsflow.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplateParserTest {
    private final TemplateParser parser = new TemplateParser();

    private Template example() throws IOException {
        var result = parser.parse(Files.readString(ExampleTemplatesTest.DIR.resolve("release.yaml")));
        assertThat(result.problems()).isEmpty();
        return result.template();
    }

    @Test
    void maps_every_field_of_the_yaml_format() throws IOException {
        var t = example();
        assertThat(t.name()).isEqualTo("release");
        assertThat(t.description()).isEqualTo("Build and roll out a release");
        assertThat(t.inputs().keySet()).containsExactly("version", "replicas", "env", "token");
        var version = t.inputs().get("version");
        assertThat(version.type()).isEqualTo(VariableType.STRING);
        assertThat(version.required()).isTrue();
        assertThat(version.regex()).isEqualTo("^\\d+\\.\\d+\\.\\d+$");
        assertThat(version.line()).isEqualTo(5);
        assertThat(t.inputs().get("replicas").defaultValue()).isEqualTo(3);
        assertThat(t.inputs().get("env").options()).containsExactly("staging", "production");
        assertThat(t.inputs().get("token").type()).isEqualTo(VariableType.SECRET);
        assertThat(t.outputs()).containsEntry("url", "${build.url}");

        var build = t.nodes().get(1);
        assertThat(build.id()).isEqualTo("build");
        assertThat(build.kind()).isEqualTo(NodeKind.PLUGIN);
        assertThat(build.plugin()).isEqualTo("script");
        assertThat(build.pluginVersion()).isEqualTo(1);
        assertThat(build.name()).isEqualTo("Build tarball");
        assertThat(build.inputs()).containsEntry("language", "bash");
        assertThat(build.timeout()).isEqualTo(new TimeoutPolicy(Duration.ofSeconds(60), TimeoutPolicy.Action.FAIL));
        assertThat(build.retry()).isEqualTo(new RetryPolicy(3, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertThat(build.onError()).isEqualTo(ErrorPolicy.FAIL);
        assertThat(build.loopLimit()).isEqualTo(100);
        assertThat(build.next()).containsExactly("split");
        assertThat(build.line()).isEqualTo(14);

        var split = t.nodes().get(2);
        assertThat(split.branches()).extracting(Branch::to).containsExactly("a", "b");
        var check = t.nodes().get(6);
        assertThat(check.branches()).containsExactly(
                new Branch("sub", "${a.status == 200 and env in ['staging', 'production']}", false),
                new Branch("rollback", null, true));
        var sub = t.nodes().get(7);
        assertThat(sub.kind()).isEqualTo(NodeKind.SUBFLOW);
        assertThat(sub.subflow()).isEqualTo(new SubflowRef("smoke-test", 2, Map.of("report", "summary")));
        assertThat(sub.inputs()).containsEntry("target", "${env}");
        var rollback = t.nodes().get(8);
        assertThat(rollback.timeout()).isEqualTo(new TimeoutPolicy(Duration.ofMinutes(5), TimeoutPolicy.Action.FAIL_AND_CONTINUE));
        assertThat(rollback.onError()).isEqualTo(ErrorPolicy.IGNORE);
        assertThat(t.nodes()).extracting(NodeDef::id, NodeDef::line).contains(tuple("start", 13), tuple("end", 37));
    }

    @Test
    void json_sources_get_lines_too() {
        var json = """
                {
                  "name": "j",
                  "inputs": {
                    "n": {"type": "int"}
                  },
                  "nodes": [
                    {"id": "start", "kind": "start", "next": "end"},
                    {"id": "end",
                     "kind": "end"}
                  ]
                }
                """;
        var r = parser.parse(json);
        assertThat(r.problems()).isEmpty();
        assertThat(r.template().inputs().get("n").line()).isEqualTo(4);
        assertThat(r.template().nodes()).extracting(NodeDef::line).containsExactly(7, 8);
    }

    @Test
    void next_may_be_a_list_and_kind_defaults_to_plugin() {
        var r = parser.parse("""
                name: t
                nodes:
                  - {id: s, kind: start, next: [a, b]}
                  - {id: a, plugin: noop}
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.template().nodes().get(0).next()).containsExactly("a", "b");
        assertThat(r.template().nodes().get(1).kind()).isEqualTo(NodeKind.PLUGIN);
    }

    @Test
    void an_unknown_node_field_is_a_problem_with_its_line() {
        var r = parser.parse("""
                name: t
                nodes:
                  - id: a
                    plugin: noop
                    nxt: b
                """);
        assertThat(r.problems()).extracting(Problem::code, Problem::nodeId, Problem::field, Problem::line)
                .containsExactly(tuple("unknown-field", "a", "nxt", 5));
    }

    @Test
    void an_unknown_top_level_field_is_a_problem_with_its_line() {
        var r = parser.parse("name: t\nnodez: []\nnodes: []\n");
        assertThat(r.problems()).extracting(Problem::code, Problem::field, Problem::line)
                .containsExactly(tuple("unknown-field", "nodez", 2));
    }

    @Test
    void syntax_errors_never_throw_and_carry_a_line() {
        var r = parser.parse("name: t\nnodes:\n  - {id: a, kind: start\n  - x: [\n");
        assertThat(r.template()).isNull();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("syntax");
            assertThat(p.line()).isPositive();
        });
        assertThat(parser.parse("{\"name\": ").problems()).extracting(Problem::code).containsExactly("syntax");
        assertThat(parser.parse("").problems()).extracting(Problem::code).containsExactly("syntax");
        assertThat(parser.parse("- a\n- b\n").problems()).extracting(Problem::code).containsExactly("syntax");
        assertThat(parser.parse(null).template()).isNull();
    }

    @Test
    void duplicate_keys_are_problems() {
        var r = parser.parse("name: t\nname: u\nnodes: []\n");
        assertThat(r.problems()).extracting(Problem::code, Problem::line).containsExactly(tuple("duplicate-key", 2));
    }

    @Test
    void mistyped_and_unknown_values_are_problems_with_field_and_line() {
        var r = parser.parse("""
                name: t
                nodes:
                  - {id: a, plugin: noop, timeout: soon}
                  - {id: b, plugin: noop, onError: retry}
                  - {id: c, plugin: noop, retry: {maxAttempts: x, backoff: linear}}
                  - {id: d, kind: banana}
                  - {kind: end}
                  - {id: e, next: f}
                  - {id: g, kind: exclusive, plugin: noop, template: x}
                  - {id: h, plugin: noop, loopLimit: 0, optional: maybe}
                  - {id: i, plugin: noop, timeout: {action: fail}}
                """);
        assertThat(r.problems()).extracting(Problem::code, Problem::nodeId, Problem::field, Problem::line).containsExactly(
                tuple("invalid-field", "a", "timeout", 3),
                tuple("invalid-field", "b", "onError", 4),
                tuple("invalid-field", "c", "retry.maxAttempts", 5),
                tuple("invalid-field", "c", "retry.backoff", 5),
                tuple("unknown-kind", "d", "kind", 6),
                tuple("missing-field", null, "id", 7),
                tuple("missing-field", "e", "kind", 8),
                tuple("field-not-allowed", "g", "plugin", 9),
                tuple("field-not-allowed", "g", "template", 9),
                tuple("invalid-loop-limit", "h", "loopLimit", 10),
                tuple("invalid-field", "h", "optional", 10),
                tuple("missing-field", "i", "timeout.duration", 11));
    }

    @Test
    void variables_accept_a_type_shorthand_and_report_unknown_types() {
        var r = parser.parse("""
                name: t
                inputs:
                  a: int
                  b: {type: color}
                  c: {type: string, secret: true}
                nodes: []
                """);
        assertThat(r.template().inputs().get("a").type()).isEqualTo(VariableType.INT);
        assertThat(r.problems()).extracting(Problem::code, Problem::field, Problem::line).containsExactly(
                tuple("invalid-variable", "inputs.b.type", 4),
                tuple("unknown-field", "inputs.c.secret", 5));
    }

    @Test
    void plugin_inputs_are_plain_maps_and_lists() {
        var r = parser.parse("""
                name: t
                nodes:
                  - id: a
                    plugin: noop
                    inputs:
                      env: {A: 1, B: [x, y]}
                """);
        assertThat(r.template().nodes().getFirst().inputs()).isEqualTo(Map.of("env", Map.of("A", 1, "B", List.of("x", "y"))));
    }
}
