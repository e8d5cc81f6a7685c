package dev.opsflow.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsflow.engine.template.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VariablesTest {
    static final List<JobVariable> VARS = List.of(
            new JobVariable("servers", JobVariable.Type.HOSTS, List.of("h1"), true, null, null),
            new JobVariable("count", JobVariable.Type.INT, 2, false, null, null),
            new JobVariable("mode", JobVariable.Type.SELECT, null, true, List.of("fast", "safe"), null),
            new JobVariable("token", JobVariable.Type.SECRET, null, false, null, null),
            new JobVariable("version", JobVariable.Type.STRING, null, true, null, null));

    @Test
    void valuesAreTypedAndDefaultsApply() {
        var b = VariableBinder.bind(VARS, Map.of("count", "7", "mode", "safe", "version", "1.2", "token", "t0k"));
        assertThat(b.problems()).isEmpty();
        assertThat(b.values()).containsEntry("servers", List.of("h1")).containsEntry("count", 7L).containsEntry("mode", "safe");
        assertThat(VariableBinder.bind(VARS, Map.of("servers", "a, b,c", "mode", "fast", "version", "1")).values())
                .containsEntry("servers", List.of("a", "b", "c"));
    }

    @Test
    void everyBindingProblemNamesTheVariable() {
        var b = VariableBinder.bind(VARS, Map.of("count", "many", "mode", "slow", "extra", 1));
        assertThat(b.problems()).extracting(Problem::field, Problem::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("variables.extra", "unknown-variable"),
                org.assertj.core.groups.Tuple.tuple("variables.count", "invalid-value"),
                org.assertj.core.groups.Tuple.tuple("variables.mode", "invalid-value"),
                org.assertj.core.groups.Tuple.tuple("variables.version", "required"));
    }

    @Test
    void substitutionReplacesReferencesExpandsHostListsAndCollectsUsedSecrets() {
        var s = new Substitution(Map.of("servers", List.of("h1", "group:web"), "v", "1.2", "token", "t0k"), Set.of("token"));
        assertThat(s.apply("deploy ${v} with ${token}")).isEqualTo("deploy 1.2 with t0k");
        assertThat(s.targets(List.of("${servers}", "local", "db-${v}"))).containsExactly("h1", "group:web", "local", "db-1.2");
        assertThat(s.apply("${servers}")).isEqualTo("h1,group:web");
        assertThat(s.usedSecrets()).containsExactly("t0k");
        assertThat(s.apply("cost: $5 and ${ v }")).isEqualTo("cost: $5 and ${ v }");
        assertThatThrownBy(() -> s.apply("${nope}")).hasMessage("unknown variable 'nope'");
    }

    @Test
    void maskerHidesEveryOccurrenceLongestFirst() {
        var m = new Masker(List.of("abc", "abcdef", ""));
        assertThat(m.mask("x abcdef y abc")).isEqualTo("x ****** y ******");
    }
}
