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
    void valuesOfTheWrongTypeAreRefusedNotCoerced() {
        var parsed = PlanParser.parse(Map.of("steps", List.of(
                Map.of("kind", "script", "language", "bash", "content", "true", "targets", "web1",
                        "args", List.of("--port", 8080, List.of("nested")), "env", Map.of("PORT", 8080, "OPTS", Map.of("x", 1)),
                        "rolling", Map.of("batchSize", 1.5)),
                Map.of("kind", "file", "sources", List.of(Map.of("artifact", "a1")), "targetDir", "/srv",
                        "targets", List.of("web1"), "bandwidthBytesPerSecond", 1.5, "createTargetDir", "yes"),
                Map.of("kind", "script", "script", Map.of("name", "s", "version", "3"), "targets", List.of("web1"),
                        "rolling", Map.of("batchPercent", "25")))));
        assertThat(parsed.problems()).extracting(p -> p.field() + ": " + p.message()).containsExactlyInAnyOrder(
                "steps[0].targets: expected a list of strings but got a string",
                "steps[0].targets: at least one target is required",
                "steps[0].args[2]: expected a string but got a list",
                "steps[0].env.OPTS: expected a string but got an object",
                "steps[0].rolling: batchSize: expected a whole number but got 1.5",
                "steps[1].bandwidthBytesPerSecond: expected a whole number of bytes per second",
                "steps[1].createTargetDir: expected true or false",
                "steps[2].script.version: expected an integer but got a string",
                "steps[2].script.version: a plan step pins a script version",
                "steps[2].rolling: batchPercent: expected a whole number but got a string");
    }

    @Test
    void aPlanWithoutStepsIsRefused() {
        assertThat(PlanParser.parse(Map.of()).problems()).extracting(Problem::field).containsExactly("steps");
    }
}
