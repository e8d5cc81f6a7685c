package dev.opsflow.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.engine.template.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanParserTest {
    @Test
    void aValidPlanParsesIntoStepsAndVariables() {
        var parsed = PlanParser.parse(Map.of(
                "variables", List.of(Map.of("name", "servers", "type", "hosts", "default", "h1,h2"),
                        Map.of("name", "mode", "type", "select", "options", List.of("fast", "safe"), "default", "safe")),
                "steps", List.of(
                        Map.of("kind", "script", "name", "check", "script", Map.of("name", "check", "version", 3),
                                "targets", List.of("${servers}"), "timeout", "90s",
                                "rolling", Map.of("batchPercent", 25, "onFailure", "stop")),
                        Map.of("kind", "confirm", "message", "Go on in ${mode} mode?"))));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.variables()).extracting(JobVariable::type).containsExactly(JobVariable.Type.HOSTS, JobVariable.Type.SELECT);
        var script = (StepSpec.Script) parsed.steps().getFirst();
        assertThat(script.script()).isEqualTo(new ScriptRef("check", 3));
        assertThat(script.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(script.rolling().batchPercent()).isEqualTo(25);
        assertThat(parsed.steps().get(1).name()).isEqualTo("confirm 2");
    }

    @Test
    void everyProblemNamesItsStepIndexAndField() {
        var parsed = PlanParser.parse(Map.of(
                "variables", List.of(Map.of("name", "1bad"), Map.of("name", "pick", "type", "select"),
                        Map.of("name", "pw", "type", "secret", "default", "x"), Map.of("name", "n", "type", "int", "default", "abc")),
                "steps", List.of(
                        Map.of("kind", "script", "targets", List.of("local")),
                        Map.of("kind", "reboot"),
                        Map.of("kind", "file", "targetDir", "relative/dir", "targets", List.of()),
                        Map.of("kind", "confirm"),
                        Map.of("kind", "script", "language", "cobol", "content", "x", "targets", List.of("${ghost}"),
                                "timeout", "soon", "rolling", Map.of("batchSize", 0)))));
        assertThat(parsed.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "variables[0].name", "variables[1].options", "variables[2].default", "variables[3].default",
                "steps[0].content", "steps[0].language",
                "steps[1].kind",
                "steps[2].targets", "steps[2].sources", "steps[2].targetDir",
                "steps[3].message",
                "steps[4].language", "steps[4].timeout", "steps[4].rolling", "steps[4].targets[0]");
    }

    @Test
    void aPlanWithoutStepsIsRefused() {
        assertThat(PlanParser.parse(Map.of()).problems()).extracting(Problem::field).containsExactly("steps");
    }
}
