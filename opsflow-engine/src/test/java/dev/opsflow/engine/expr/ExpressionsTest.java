package dev.opsflow.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class ExpressionsTest {
    private final Expressions expressions = new Expressions();

    private Map<String, Object> vars() {
        var vars = new HashMap<String, Object>();
        vars.put("version", "1.2.3");
        vars.put("replicas", 3);
        vars.put("ratio", 0.5);
        vars.put("enabled", true);
        vars.put("envs", List.of("staging", "production"));
        vars.put("token", null);
        vars.put("build", Map.of("url", "https://ci/1", "status", 200, "tags", List.of("a", "b")));
        vars.put("_system", Map.of("task_id", "t-1", "operator", "alice"));
        return vars;
    }

    @Test
    void a_string_that_is_exactly_one_expression_keeps_the_value_type() {
        assertThat(expressions.render("${replicas}", vars())).isEqualTo(3);
        assertThat(expressions.render("${replicas * 2}", vars())).isEqualTo(6);
        assertThat(expressions.render("${enabled}", vars())).isEqualTo(true);
        assertThat(expressions.render("${envs}", vars())).isEqualTo(List.of("staging", "production"));
        assertThat(expressions.render("${build}", vars())).isEqualTo(Map.of("url", "https://ci/1", "status", 200, "tags", List.of("a", "b")));
        assertThat(expressions.render("${[1, 2]}", vars())).isEqualTo(List.of(1, 2));
        assertThat(expressions.render("${token}", vars())).isNull();
    }

    @Test
    void text_around_expressions_is_interpolated() {
        assertThat(expressions.render("v${version} x${replicas}", vars())).isEqualTo("v1.2.3 x3");
        assertThat(expressions.render("tags=${build.tags}", vars())).isEqualTo("tags=[\"a\",\"b\"]");
        assertThat(expressions.render("[${token}]", vars())).isEqualTo("[]");
        assertThat(expressions.render("no expression", vars())).isEqualTo("no expression");
    }

    @Test
    void dollar_dollar_brace_is_a_literal() {
        assertThat(expressions.render("echo $${HOME} ${version}", vars())).isEqualTo("echo ${HOME} 1.2.3");
        assertThat(expressions.containsExpression("echo $${HOME}")).isFalse();
    }

    @Test
    void maps_and_lists_are_rendered_deeply_and_keys_are_kept() {
        var value = Map.of("cmd", "deploy ${version}", "n", List.of("${replicas}", 7, Map.of("u", "${build.url}")));
        assertThat(expressions.render(value, vars()))
                .isEqualTo(Map.of("cmd", "deploy 1.2.3", "n", List.of(3, 7, Map.of("u", "https://ci/1"))));
    }

    @Test
    void braces_inside_map_literals_and_strings_do_not_end_the_expression() {
        assertThat(expressions.render("${ {'a': 1}.a }", vars())).isEqualTo(1);
        assertThat(expressions.render("${'}' + version}", vars())).isEqualTo("}1.2.3");
    }

    @Test
    void conditions_use_comparison_logic_ternary_and_in() {
        var v = vars();
        assertThat(expressions.test("${build.status == 200}", v)).isTrue();
        assertThat(expressions.test("build.status == 200 and replicas > 2", v)).isTrue();
        assertThat(expressions.test("not enabled or replicas < 0", v)).isFalse();
        assertThat(expressions.test("!enabled || ratio >= 0.5", v)).isTrue();
        assertThat(expressions.test("'production' in envs", v)).isTrue();
        assertThat(expressions.test("'dev' not in envs", v)).isTrue();
        assertThat(expressions.test("'url' in build", v)).isTrue();
        assertThat(expressions.test("replicas in [1, 2, 3]", v)).isTrue();
        assertThat(expressions.test("'a in b' == 'a in b'", v)).isTrue();
        assertThat(expressions.evaluate("replicas > 2 ? 'many' : 'few'", v)).isEqualTo("many");
    }

    @Test
    void allowlisted_string_and_collection_methods_work() {
        var v = vars();
        assertThat(expressions.test("version.startsWith('1.') && build.url.contains('ci')", v)).isTrue();
        assertThat(expressions.evaluate("version.split('\\\\.')", v)).isEqualTo(List.of("1", "2", "3"));
        assertThat(expressions.evaluate("version.replace('.', '-').toUpperCase()", v)).isEqualTo("1-2-3");
        assertThat(expressions.evaluate("envs.size() + size(build.tags)", v)).isEqualTo(4);
        assertThat(expressions.evaluate("build.containsKey('url') && envs.get(0) == 'staging'", v)).isEqualTo(true);
        assertThat(expressions.evaluate("version.substring(0, 1).length()", v)).isEqualTo(1);
        assertThat(expressions.evaluate("empty(token)", v)).isEqualTo(true);
    }

    @Test
    void an_unknown_reference_is_an_error_never_an_empty_string() {
        assertThatThrownBy(() -> expressions.render("${build.urll}", vars()))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("unknown reference 'build.urll' in '${build.urll}'");
        assertThatThrownBy(() -> expressions.render("x ${nope} y", vars()))
                .hasMessage("unknown reference 'nope' in '${nope}'");
        assertThatThrownBy(() -> expressions.test("deploy.ok", vars())).hasMessageContaining("unknown reference 'deploy'");
    }

    @Test
    void test_rejects_non_boolean_results_and_evaluation_errors_name_the_expression() {
        assertThatThrownBy(() -> expressions.test("${replicas}", vars()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("gave 3 (Integer), expected true or false");
        assertThatThrownBy(() -> expressions.render("${replicas / 0}", vars()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("'${replicas / 0}'");
        assertThatThrownBy(() -> expressions.render("${token + 1}", vars())).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> expressions.render("${version", vars())).hasMessageContaining("unterminated");
    }

    @Test
    void check_reports_syntax_errors_and_accepts_valid_values_deeply() {
        assertThat(expressions.check(Map.of("a", List.of("${version}", "ok ${build.url}")))).isEmpty();
        assertThat(expressions.check("${1 +}")).singleElement().asString().contains("syntax error");
        assertThat(expressions.check("${}")).singleElement().asString().contains("empty expression");
        assertThat(expressions.checkCondition("")).containsExactly("condition is empty");
        assertThat(expressions.checkCondition("${a} == 1")).singleElement().asString().contains("mixes text");
        assertThat(expressions.checkCondition("a.status == 200")).isEmpty();
    }

    @Test
    void references_list_the_variable_paths_used() {
        assertThat(expressions.references(Map.of("x", "${build.url} ${version.trim()}", "y", List.of("${_system.task_id}"))))
                .containsExactlyInAnyOrder(List.of("build", "url"), List.of("version"), List.of("_system", "task_id"));
        assertThat(expressions.conditionReferences("${a.status == 200 and 'x' in b.tags}"))
                .containsExactlyInAnyOrder(List.of("a", "status"), List.of("b", "tags"));
        assertThat(expressions.references("plain")).isEmpty();
    }

    @Test
    void contains_expression_searches_deeply() {
        assertThat(expressions.containsExpression(Map.of("a", List.of(1, "${x}")))).isTrue();
        assertThat(expressions.containsExpression(Map.of("a", List.of(1, "x")))).isFalse();
        assertThat(expressions.containsExpression(3)).isFalse();
    }

    @Test
    void is_safe_to_use_from_many_threads() throws Exception {
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new java.util.ArrayList<Future<Object>>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(pool.submit(() -> expressions.render("${replicas + " + (n % 7) + "}", vars())));
            }
            for (int i = 0; i < futures.size(); i++) assertThat(futures.get(i).get()).isEqualTo(3 + i % 7);
        }
    }

    @org.junit.jupiter.api.Test
    void list_elements_are_reachable_by_index_but_list_bean_properties_are_not() {
        var vars = Map.<String, Object>of("job", Map.of("groups", List.of(Map.of("hosts", List.of("h1", "h2")))));
        org.assertj.core.api.Assertions.assertThat(expressions.render("${job.groups[0].hosts[1]}", vars)).isEqualTo("h2");
        org.assertj.core.api.Assertions.assertThat(expressions.render("${job.groups.get(0).hosts.size()}", vars)).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> expressions.render("${job.groups.empty}", vars))
                .isInstanceOf(ExpressionException.class);
    }
}
