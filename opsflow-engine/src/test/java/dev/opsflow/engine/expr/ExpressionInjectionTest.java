package dev.opsflow.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.MapContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An expression is data, never code: every attempt to reach classes, processes or files fails. */
class ExpressionInjectionTest {
    private final Expressions expressions = new Expressions();

    private static Map<String, Object> vars() {
        var vars = new HashMap<String, Object>();
        vars.put("s", "hello");
        vars.put("x", 1);
        vars.put("m", new HashMap<>(Map.of("k", "v")));
        vars.put("l", List.of(1, 2));
        return vars;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "${''.getClass().forName('java.lang.Runtime')}",
            "${''.class}",
            "${s.class.forName('java.lang.System')}",
            "${new('java.io.File','/etc/passwd')}",
            "${new java.io.File('/etc/passwd')}",
            "${System.exit(1)}",
            "${Runtime.getRuntime().exec('id')}",
            "${x = 3}",
            "${x += 1}",
            "${m.k = 'w'}",
            "${for(i:[1]){}}",
            "${while(true){}}",
            "${var y = 1}",
            "${(y) -> y}",
            "${function(y) { y }}",
            "${ns:fn(1)}",
            "${fn(1)}",
            "${#pragma jexl.namespace.rt java.lang.Runtime\n1}",
            "${@silent 1}",
            "${`${s.getClass()}`}",
            "${s.'getClass'()}",
            "${s.chars()}",
            "${s.hashCode()}",
            "${m.put('k', 1)}",
            "${l.clear()}",
            "${1; 2}",
            "${s.getBytes()}",
            "${Class}",
            "${ProcessBuilder}",
            "${x++}",
    })
    void each_attempt_is_rejected_by_check_and_fails_at_render(String attempt) {
        assertThat(expressions.check(attempt)).as("check(%s)", attempt).isNotEmpty();
        assertThatThrownBy(() -> expressions.render(attempt, vars())).isInstanceOf(ExpressionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s.getClass() == null", "x.class != null", "''.getClass() == ''.getClass()", "m.k.equals('v') && s.notify() == null"})
    void conditions_are_checked_the_same_way(String condition) {
        assertThat(expressions.checkCondition(condition)).isNotEmpty();
        assertThatThrownBy(() -> expressions.test(condition, vars())).isInstanceOf(ExpressionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"''.getClass()", "s.class", "''.class", "s.getClass().getName()", "m.getClass()",
            "l.getClass()", "s.hashCode()", "m.put('a', 1)", "l.clear()", "s.getBytes()", "s.class.forName('java.lang.Runtime')"})
    void the_sandbox_blocks_even_what_slips_past_the_checks(String bypass) {
        // Straight to the engine, skipping the scanner: the deny-by-default sandbox still refuses.
        var engine = Sandbox.engine();
        var script = engine.createScript(bypass);
        assertThatThrownBy(() -> script.execute(new MapContext(vars()))).isInstanceOf(JexlException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"new('java.io.File', '/')", "x = 1", "for (i : [1]) { i }", "#pragma a b\n1", "@silent 1", "var y = 1", "y -> y"})
    void the_parser_refuses_forbidden_features_even_without_the_scanner(String bypass) {
        assertThatThrownBy(() -> Sandbox.engine().createScript(bypass)).isInstanceOf(JexlException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"${s.startsWith('h')}", "${s.length()}", "${m.k}", "${m['k']}", "${l.size()}", "${'x' in l}"})
    void allowed_expressions_pass_check(String ok) {
        assertThat(expressions.check(ok)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"${System.exit(1)}", "${s.getClass()}"})
    void messages_say_what_is_not_allowed(String attempt) {
        assertThat(expressions.check(attempt)).anySatisfy(m -> assertThat(m).contains("not allowed").contains(attempt));
    }
}
