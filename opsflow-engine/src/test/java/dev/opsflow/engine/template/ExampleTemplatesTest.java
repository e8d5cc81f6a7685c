package dev.opsflow.engine.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.opsflow.engine.expr.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example under src/test/resources/templates parses and compiles without a problem. */
class ExampleTemplatesTest {
    static final Path DIR = Path.of("src/test/resources/templates");

    static Stream<Path> examples() throws IOException {
        try (var files = Files.list(DIR)) {
            var list = files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    static final SubflowResolver CHILDREN = (name, version) -> name.equals("smoke-test")
            ? Optional.of(new Template("smoke-test", null,
                    Map.of("target", new VariableDef("target", VariableType.STRING, null, true, null, null, List.of(), 3)),
                    List.of(), Map.of("summary", "${x.y}")))
            : Optional.empty();

    @ParameterizedTest
    @MethodSource("examples")
    void the_example_parses_and_validates(Path file) throws IOException {
        var source = Files.readString(file);
        var parsed = new TemplateParser().parse(source);
        assertThat(parsed.problems()).as(file.toString()).isEmpty();
        assertThat(parsed.template().nodes()).allSatisfy(n -> assertThat(n.line()).isPositive());
        var compiler = new TemplateCompiler(TestPlugins.registry(), new Expressions(), CHILDREN);
        assertThat(compiler.validate(source)).as(file.toString()).isEmpty();
        assertThat(compiler.compile(source).start().kind()).isEqualTo(NodeKind.START);
    }

    @Test
    void the_json_schema_is_valid_json_and_knows_every_node_field() throws IOException {
        var schema = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(Files.readString(Path.of("../docs/template.schema.json")));
        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        var nodeFields = new java.util.TreeSet<String>();
        schema.path("$defs").path("node").path("properties").propertyNames().forEach(nodeFields::add);
        assertThat(nodeFields).containsExactlyInAnyOrder("id", "kind", "name", "plugin", "version", "inputs", "next",
                "branches", "timeout", "retry", "onError", "optional", "breakpoint", "loopLimit", "template",
                "templateVersion", "outputs");
    }
}
