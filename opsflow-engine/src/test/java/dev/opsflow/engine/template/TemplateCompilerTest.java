package dev.opsflow.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.opsflow.engine.expr.Expressions;
import org.junit.jupiter.api.Test;

/**
 * One bad-input test per validation rule, asserting code, node id and line. Templates are written
 * one node per line: line 1 is {@code name}, nodes start on line 3.
 */
class TemplateCompilerTest {
    static final Template CHILD = new Template("child", null, Map.of(
            "x", new VariableDef("x", VariableType.STRING, null, true, null, null, List.of(), 3),
            "y", new VariableDef("y", VariableType.INT, 1, true, null, null, List.of(), 4)),
            List.of(), Map.of("result", "${x}"));

    private final TemplateCompiler compiler = new TemplateCompiler(TestPlugins.registry(), new Expressions(),
            (name, version) -> name.equals("child") && (version == null || version == 1) ? Optional.of(CHILD) : Optional.empty());

    private List<Problem> problems(String yaml) {
        return compiler.validate(yaml);
    }

    private void assertProblem(String yaml, String code, String nodeId, int line) {
        assertThat(problems(yaml)).as("problems of\n%s", yaml)
                .extracting(Problem::code, Problem::nodeId, Problem::line)
                .contains(tuple(code, nodeId, line));
    }

    private void assertOnly(String yaml, String code, String nodeId, int line) {
        assertThat(problems(yaml)).as("problems of\n%s", yaml)
                .extracting(Problem::code, Problem::nodeId, Problem::line)
                .containsExactly(tuple(code, nodeId, line));
    }

    @Test
    void a_valid_template_has_no_problems_and_compiles() {
        var yaml = """
                name: ok
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: script, inputs: {content: "echo hi"}, next: end}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).isEmpty();
        assertThat(compiler.compile(yaml).node("a").plugin()).isEqualTo("script");
    }

    @Test
    void compile_throws_with_every_problem_sorted_by_line() {
        var yaml = """
                name: bad
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: nope, next: zz}
                  - {id: end, kind: end}
                  - {id: a, plugin: noop, nxt: end}
                """;
        assertThatThrownBy(() -> compiler.compile(yaml))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::code).contains("unknown-plugin", "unknown-target", "duplicate-node-id", "unknown-field");
                    assertThat(e.problems()).extracting(Problem::line).isSorted();
                });
    }

    @Test
    void duplicate_node_ids() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: end}
                  - {id: end, kind: end}
                  - {id: end, kind: end}
                """, "duplicate-node-id", "end", 5);
    }

    @Test
    void invalid_node_id_syntax_and_reserved_words() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: build-1}
                  - {id: build-1, plugin: noop, next: size}
                  - {id: size, plugin: noop, next: end}
                  - {id: end, kind: end}
                """;
        assertProblem(yaml, "invalid-node-id", "build-1", 4);
        assertProblem(yaml, "invalid-node-id", "size", 5);
    }

    @Test
    void a_node_id_equal_to_an_input_name() {
        assertProblem("""
                name: t
                inputs: {a: string}
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: noop, next: end}
                  - {id: end, kind: end}
                """, "name-clash", "a", 5);
    }

    @Test
    void missing_start() {
        assertProblem("""
                name: t
                nodes:
                  - {id: end, kind: end}
                """, "missing-start", null, 0);
    }

    @Test
    void more_than_one_start() {
        assertProblem("""
                name: t
                nodes:
                  - {id: s1, kind: start, next: end}
                  - {id: s2, kind: start, next: end}
                  - {id: end, kind: end}
                """, "multiple-starts", "s2", 4);
    }

    @Test
    void missing_end() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: noop, next: start}
                """, "missing-end", null, 0);
    }

    @Test
    void unknown_next_and_branch_targets() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: noop, next: nowhere}
                  - {id: g, kind: exclusive, branches: [{to: end, when: "true"}, {to: gone, default: true}]}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).extracting(Problem::code, Problem::nodeId, Problem::field, Problem::line)
                .contains(tuple("unknown-target", "a", "next", 4), tuple("unknown-target", "g", "branches[1].to", 5));
    }

    @Test
    void start_with_incoming_edges() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: exclusive, branches: [{to: start, when: "true"}, {to: end, default: true}]}
                  - {id: end, kind: end}
                """, "start-incoming", "start", 3);
    }

    @Test
    void start_without_exactly_one_next() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: [a, end]}
                  - {id: a, plugin: noop, next: end}
                  - {id: end, kind: end}
                """, "start-outgoing", "start", 3);
    }

    @Test
    void plugin_subflow_and_converge_need_exactly_one_next() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: noop, next: [b, end]}
                  - {id: b, kind: subflow, template: child, inputs: {x: "1"}}
                  - {id: p, kind: parallel, branches: [{to: c}, {to: d}]}
                  - {id: c, plugin: noop, next: j}
                  - {id: d, plugin: noop, next: j}
                  - {id: j, kind: converge}
                  - {id: end, kind: end}
                """;
        assertProblem(yaml, "next-count", "a", 4);
        assertProblem(yaml, "next-count", "b", 5);
        assertProblem(yaml, "next-count", "j", 9);
    }

    @Test
    void next_on_a_gateway_and_branches_on_a_plugin() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: exclusive, next: end, branches: [{to: a, when: "true"}, {to: end, default: true}]}
                  - {id: a, plugin: noop, next: end, branches: [{to: end}]}
                  - {id: end, kind: end}
                """;
        assertProblem(yaml, "unexpected-next", "g", 4);
        assertProblem(yaml, "unexpected-branches", "a", 5);
    }

    @Test
    void end_with_outgoing_edges() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: end}
                  - {id: end, kind: end, next: start}
                """, "end-outgoing", "end", 4);
    }

    @Test
    void loop_limit_below_one_and_retry_attempts_below_one() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: noop, loopLimit: 0, next: b}
                  - {id: b, plugin: noop, retry: {maxAttempts: 0}, next: end}
                  - {id: end, kind: end}
                """;
        assertOnlyCodes(yaml, "invalid-loop-limit", "invalid-retry");
        assertProblem(yaml, "invalid-loop-limit", "a", 4);
        assertProblem(yaml, "invalid-retry", "b", 5);
    }

    private void assertOnlyCodes(String yaml, String... codes) {
        assertThat(problems(yaml)).extracting(Problem::code).containsExactlyInAnyOrder(codes);
    }

    @Test
    void a_gateway_with_fewer_than_two_branches() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: exclusive, branches: [{to: end, default: true}]}
                  - {id: end, kind: end}
                """, "gateway-branches", "g", 4);
    }

    @Test
    void more_than_one_default_branch() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: exclusive, branches: [{to: end, default: true}, {to: end, default: true}]}
                  - {id: end, kind: end}
                """, "multiple-defaults", "g", 4);
    }

    @Test
    void a_conditional_branch_without_when() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: inclusive, branches: [{to: a}, {to: b, default: true}]}
                  - {id: a, plugin: noop, next: j}
                  - {id: b, plugin: noop, next: j}
                  - {id: j, kind: converge, next: end}
                  - {id: end, kind: end}
                """, "missing-condition", "g", 4);
    }

    @Test
    void a_parallel_branch_with_when() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: parallel, branches: [{to: a, when: "true"}, {to: b}]}
                  - {id: a, plugin: noop, next: j}
                  - {id: b, plugin: noop, next: j}
                  - {id: j, kind: converge, next: end}
                  - {id: end, kind: end}
                """, "unexpected-condition", "g", 4);
    }

    @Test
    void a_parallel_gateway_without_converge() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: parallel, branches: [{to: a}, {to: b}]}
                  - {id: a, plugin: noop, next: a2}
                  - {id: b, plugin: noop, next: a2}
                  - {id: a2, kind: exclusive, branches: [{to: a, when: "true"}, {to: b, default: true}]}
                  - {id: end, kind: end}
                """, "missing-converge", "g", 4);
    }

    @Test
    void branches_that_share_a_node_before_the_converge() {
        assertOnly("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: parallel, branches: [{to: a}, {to: b}]}
                  - {id: a, plugin: noop, next: shared}
                  - {id: b, plugin: noop, next: shared}
                  - {id: shared, plugin: noop, next: j}
                  - {id: j, kind: converge, next: end}
                  - {id: end, kind: end}
                """, "branch-crossing", "g", 4);
    }

    @Test
    void a_branch_that_reaches_an_end_before_the_converge() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: parallel, branches: [{to: a}, {to: end}]}
                  - {id: a, plugin: noop, next: j}
                  - {id: j, kind: converge, next: end}
                  - {id: end, kind: end}
                """, "branch-crossing", "g", 4);
    }

    @Test
    void branches_that_reach_different_converges() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: parallel, branches: [{to: j1}, {to: j2}]}
                  - {id: j1, kind: converge, next: end}
                  - {id: j2, kind: converge, next: end}
                  - {id: end, kind: end}
                """, "branch-crossing", "g", 4);
    }

    @Test
    void a_nested_gateway_that_does_not_converge_before_the_outer_one() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: parallel, branches: [{to: inner}, {to: b}]}
                  - {id: inner, kind: parallel, branches: [{to: c}, {to: d}]}
                  - {id: c, plugin: noop, next: j}
                  - {id: d, plugin: noop, next: j}
                  - {id: b, plugin: noop, next: j}
                  - {id: j, kind: converge, next: end}
                  - {id: end, kind: end}
                """, "branch-crossing", "g", 4);
    }

    @Test
    void a_converge_joining_two_gateways() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: x}
                  - {id: x, kind: exclusive, branches: [{to: g1, when: "true"}, {to: g2, default: true}]}
                  - {id: g1, kind: parallel, branches: [{to: a}, {to: b}]}
                  - {id: g2, kind: parallel, branches: [{to: c}, {to: d}]}
                  - {id: a, plugin: noop, next: j}
                  - {id: b, plugin: noop, next: j}
                  - {id: c, plugin: noop, next: j}
                  - {id: d, plugin: noop, next: j}
                  - {id: j, kind: converge, next: end}
                  - {id: end, kind: end}
                """, "shared-converge", "j", 11);
    }

    @Test
    void a_converge_joining_no_gateway() {
        assertOnly("""
                name: t
                nodes:
                  - {id: start, kind: start, next: j}
                  - {id: j, kind: converge, next: end}
                  - {id: end, kind: end}
                """, "orphan-converge", "j", 4);
    }

    @Test
    void nested_gateways_and_exclusive_loops_inside_a_branch_are_fine() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: inclusive, branches: [{to: inner, when: "true"}, {to: retry, default: true}]}
                  - {id: inner, kind: parallel, branches: [{to: c}, {to: d}]}
                  - {id: c, plugin: noop, next: ij}
                  - {id: d, plugin: noop, next: ij}
                  - {id: ij, kind: converge, next: j}
                  - {id: retry, plugin: noop, next: again}
                  - {id: again, kind: exclusive, branches: [{to: retry, when: "retry.failed"}, {to: j, default: true}]}
                  - {id: j, kind: converge, next: end}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).isEmpty();
        var compiled = compiler.compile(yaml);
        assertThat(compiled.convergeOf("g")).isEqualTo("j");
        assertThat(compiled.convergeOf("inner")).isEqualTo("ij");
        assertThat(compiled.splitOf("ij")).isEqualTo("inner");
    }

    @Test
    void an_unreachable_node() {
        assertOnly("""
                name: t
                nodes:
                  - {id: start, kind: start, next: end}
                  - {id: lost, plugin: noop, next: end}
                  - {id: end, kind: end}
                """, "unreachable", "lost", 4);
    }

    @Test
    void a_dead_end() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: exclusive, branches: [{to: end, when: "true"}, {to: spin, default: true}]}
                  - {id: spin, plugin: noop, next: spin2}
                  - {id: spin2, kind: exclusive, branches: [{to: spin, when: "true"}, {to: spin, default: true}]}
                  - {id: end, kind: end}
                """, "dead-end", "spin", 5);
    }

    @Test
    void a_cycle_without_an_exclusive_gateway() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: noop, next: b}
                  - {id: b, plugin: noop, next: a}
                  - {id: end, kind: end}
                """, "cycle-without-exclusive", "a", 4);
    }

    @Test
    void a_loop_through_an_exclusive_gateway_is_fine() {
        assertThat(problems("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: noop, loopLimit: 5, next: x}
                  - {id: x, kind: exclusive, branches: [{to: a, when: "a.again"}, {to: end, default: true}]}
                  - {id: end, kind: end}
                """)).isEmpty();
    }

    @Test
    void a_plugin_node_without_plugin() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, kind: plugin, next: end}
                  - {id: end, kind: end}
                """, "missing-plugin", "a", 4);
    }

    @Test
    void an_unknown_plugin() {
        assertProblem("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: teleport, next: end}
                  - {id: end, kind: end}
                """, "unknown-plugin", "a", 4);
    }

    @Test
    void an_unknown_plugin_version_lists_the_known_versions() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: script, version: 7, inputs: {content: x}, next: end}
                  - {id: end, kind: end}
                """;
        assertOnly(yaml, "unknown-plugin-version", "a", 4);
        assertThat(problems(yaml).getFirst().message()).contains("known versions: 1, 2");
    }

    @Test
    void an_unknown_plugin_input() {
        assertOnly("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: script, version: 1, inputs: {content: x, hosts: [h1]}, next: end}
                  - {id: end, kind: end}
                """, "unknown-input", "a", 4);
    }

    @Test
    void a_literal_input_of_the_wrong_type_or_not_an_option() {
        var yaml = """
                name: t
                inputs: {n: int}
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: script, inputs: {content: x, timeoutSeconds: soon}, next: b}
                  - {id: b, plugin: script, inputs: {content: x, language: cobol, timeoutSeconds: "${n}"}, next: end}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).extracting(Problem::code, Problem::nodeId, Problem::field, Problem::line).containsExactly(
                tuple("input-type", "a", "inputs.timeoutSeconds", 5),
                tuple("input-type", "b", "inputs.language", 6));
    }

    @Test
    void a_missing_required_input() {
        assertOnly("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: script, next: end}
                  - {id: end, kind: end}
                """, "missing-input", "a", 4);
    }

    @Test
    void the_latest_version_is_resolved_when_none_is_pinned() {
        var compiled = compiler.compile("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: script, inputs: {content: x, hosts: [h]}, next: end}
                  - {id: end, kind: end}
                """);
        assertThat(compiled.plugin("a").version()).isEqualTo(2);
    }

    @Test
    void an_unknown_reference_root() {
        assertOnly("""
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: script, inputs: {content: "echo ${verison}"}, next: end}
                  - {id: end, kind: end}
                """, "unknown-reference", "a", 4);
    }

    @Test
    void an_unknown_system_key_and_a_gateway_used_as_a_variable() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: exclusive, branches: [{to: a, when: "g.x == 1"}, {to: a, default: true}]}
                  - {id: a, plugin: script, inputs: {content: "by ${_system.operator} in ${_system.planet}"}, next: end}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).extracting(Problem::code, Problem::nodeId, Problem::field, Problem::line).containsExactly(
                tuple("unknown-reference", "g", "branches[0].when", 4),
                tuple("unknown-reference", "a", "inputs.content", 5));
    }

    @Test
    void an_output_the_plugin_does_not_declare() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: script, inputs: {content: x}, next: b}
                  - {id: b, plugin: noop, inputs: {message: "${a.url} ${a.urll}"}, next: c}
                  - {id: c, plugin: noop, inputs: {message: "${b.anything}"}, next: end}
                  - {id: end, kind: end}
                """;
        assertOnly(yaml, "unknown-output", "b", 5);
    }

    @Test
    void an_unmapped_subflow_output() {
        assertOnly("""
                name: t
                outputs: {r: "${s.result} ${s.other}"}
                nodes:
                  - {id: start, kind: start, next: s}
                  - {id: s, kind: subflow, template: child, inputs: {x: a}, outputs: {result: result}, next: end}
                  - {id: end, kind: end}
                """, "unknown-output", null, 0);
    }

    @Test
    void invalid_expressions_in_inputs_and_conditions() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: g}
                  - {id: g, kind: exclusive, branches: [{to: a, when: "${x = 1}"}, {to: a, default: true}]}
                  - {id: a, plugin: script, inputs: {content: "${''.getClass()}"}, next: b}
                  - {id: b, plugin: noop, inputs: {message: "${1 +}"}, next: end}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).extracting(Problem::code, Problem::nodeId, Problem::line).containsExactly(
                tuple("invalid-expression", "g", 4),
                tuple("invalid-expression", "a", 5),
                tuple("invalid-expression", "b", 6));
    }

    @Test
    void invalid_variable_definitions() {
        var yaml = """
                name: t
                inputs:
                  a: {type: colour}
                  b: {type: int, default: many}
                  c: {type: string, regex: "[a-", default: x}
                  d: {type: string, regex: "^v\\\\d+$", default: w1}
                  e: {type: select}
                  f: {type: select, options: [x, y], default: z}
                  g-h: {type: string}
                  i: {type: bool, options: [true]}
                nodes:
                  - {id: start, kind: start, next: end}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).extracting(Problem::code, Problem::field, Problem::line).containsExactly(
                tuple("invalid-variable", "inputs.a.type", 3),
                tuple("invalid-variable", "inputs.b.default", 4),
                tuple("invalid-variable", "inputs.c.regex", 5),
                tuple("invalid-variable", "inputs.d.default", 6),
                tuple("invalid-variable", "inputs.e.options", 7),
                tuple("invalid-variable", "inputs.f.default", 8),
                tuple("invalid-variable", "inputs.g-h", 9),
                tuple("invalid-variable", "inputs.i.options", 10));
    }

    @Test
    void a_subflow_without_template_name() {
        assertOnly("""
                name: t
                nodes:
                  - {id: start, kind: start, next: s}
                  - {id: s, kind: subflow, next: end}
                  - {id: end, kind: end}
                """, "missing-subflow-template", "s", 4);
    }

    @Test
    void an_unknown_child_template_or_version() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: s}
                  - {id: s, kind: subflow, template: nobody, next: s2}
                  - {id: s2, kind: subflow, template: child, templateVersion: 9, next: end}
                  - {id: end, kind: end}
                """;
        assertProblem(yaml, "unknown-subflow-template", "s", 4);
        assertProblem(yaml, "unknown-subflow-template", "s2", 5);
    }

    @Test
    void unknown_and_missing_child_inputs_and_unknown_child_outputs() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: s}
                  - {id: s, kind: subflow, template: child, inputs: {z: 1}, outputs: {r: nothing}, next: end}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).extracting(Problem::code, Problem::nodeId, Problem::field, Problem::line).containsExactly(
                tuple("unknown-subflow-input", "s", "inputs.z", 4),
                tuple("missing-subflow-input", "s", "inputs.x", 4),
                tuple("unknown-subflow-output", "s", "outputs.r", 4));
    }

    @Test
    void without_a_resolver_child_checks_are_skipped() {
        var lenient = new TemplateCompiler(TestPlugins.registry(), new Expressions(), null);
        assertThat(lenient.validate("""
                name: t
                nodes:
                  - {id: start, kind: start, next: s}
                  - {id: s, kind: subflow, template: anything, inputs: {z: 1}, next: end}
                  - {id: end, kind: end}
                """)).isEmpty();
    }

    @Test
    void every_problem_is_reported_at_once() {
        var yaml = """
                name: t
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: teleport, next: b}
                  - {id: b, plugin: script, inputs: {content: "${nope}"}, nxt: end}
                  - {id: end, kind: end}
                """;
        assertThat(problems(yaml)).extracting(Problem::code)
                .contains("unknown-plugin", "unknown-reference", "unknown-field", "next-count", "dead-end");
    }
}
