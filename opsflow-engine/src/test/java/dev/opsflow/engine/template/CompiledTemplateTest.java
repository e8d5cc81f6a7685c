package dev.opsflow.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;

import dev.opsflow.engine.expr.Expressions;
import org.junit.jupiter.api.Test;

class CompiledTemplateTest {
    private CompiledTemplate release() throws IOException {
        var source = Files.readString(ExampleTemplatesTest.DIR.resolve("release.yaml"));
        return new TemplateCompiler(TestPlugins.registry(), new Expressions(), ExampleTemplatesTest.CHILDREN).compile(source);
    }

    @Test
    void lookups_answer_the_deciders_questions() throws IOException {
        var c = release();
        assertThat(c.start().id()).isEqualTo("start");
        assertThat(c.node("build").plugin()).isEqualTo("script");
        assertThat(c.nodes()).hasSize(10);
        assertThat(c.incoming("join")).containsExactly("a", "b");
        assertThat(c.incoming("end")).containsExactly("sub", "rollback");
        assertThat(c.incoming("start")).isEmpty();
        assertThat(c.convergeOf("split")).isEqualTo("join");
        assertThat(c.splitOf("join")).isEqualTo("split");
        assertThat(c.plugin("build").version()).isEqualTo(1);
        assertThat(c.plugin("rollback").version()).isEqualTo(2);
        assertThat(c.source()).contains("name: release");
        assertThat(c.template().name()).isEqualTo("release");
    }

    @Test
    void unknown_ids_are_illegal_arguments() throws IOException {
        var c = release();
        assertThatThrownBy(() -> c.node("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> c.incoming("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.convergeOf("build")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.splitOf("build")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.plugin("split")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compiling_a_parsed_template_reports_graph_problems() {
        var t = new TemplateParser().parse("name: t\nnodes:\n  - {id: end, kind: end}\n").template();
        var compiler = new TemplateCompiler(TestPlugins.registry(), new Expressions(), null);
        assertThatThrownBy(() -> compiler.compile(t, null))
                .isInstanceOfSatisfying(TemplateInvalidException.class,
                        e -> assertThat(e.problems()).extracting(Problem::code).containsExactly("missing-start"));
    }
}
