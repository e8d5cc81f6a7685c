package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFileTest {
  @TempDir Path dir;

  @Test
  void the_template_name_is_read_from_yaml_and_json() throws Exception {
    Path yaml = Files.writeString(dir.resolve("release.yaml"), "name: release\nnodes: []\n");
    Path json = Files.writeString(dir.resolve("t.json"), "{\"name\": \"backup\", \"nodes\": []}");

    assertThat(SourceFile.read(yaml).templateName()).isEqualTo("release");
    assertThat(SourceFile.read(yaml).contentType()).isEqualTo("application/yaml");
    assertThat(SourceFile.read(json).templateName()).isEqualTo("backup");
    assertThat(SourceFile.read(json).contentType()).isEqualTo("application/json");
  }

  @Test
  void without_a_known_extension_the_content_decides() {
    assertThat(SourceFile.isJson("template", "  {\"name\": 1}")).isTrue();
    assertThat(SourceFile.isJson("template", "name: x")).isFalse();
    assertThat(SourceFile.isJson("x.YML", "{}")).isFalse();
  }

  @Test
  void a_broken_file_has_no_name_so_the_server_reports_its_errors() throws Exception {
    Path yaml = Files.writeString(dir.resolve("bad.yaml"), "name: [unclosed\n");

    assertThat(SourceFile.read(yaml).templateName()).isNull();
  }

  @Test
  void a_variables_file_keeps_its_types() throws Exception {
    Path vars = Files.writeString(dir.resolve("vars.yaml"), "version: \"1.20\"\ncount: 3\nhosts: [a, b]\n");

    var variables = SourceFile.readVariables(vars);

    assertThat(variables.get("version").asString()).isEqualTo("1.20");
    assertThat(variables.get("count").isInt()).isTrue();
    assertThat(variables.get("hosts").size()).isEqualTo(2);
  }

  @Test
  void a_variables_file_that_is_not_a_mapping_is_a_usage_error() throws Exception {
    Path vars = Files.writeString(dir.resolve("vars.yaml"), "- a\n- b\n");

    assertThatThrownBy(() -> SourceFile.readVariables(vars))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("must be a mapping");
  }

  @Test
  void a_missing_file_is_a_usage_error() {
    assertThatThrownBy(() -> SourceFile.read(dir.resolve("none.yaml")))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("no such file: ");
  }

  @Test
  void a_run_argument_is_a_file_when_one_exists_and_a_name_otherwise() throws Exception {
    Path file = Files.writeString(dir.resolve("release.yaml"), "name: release\n");

    assertThat(TaskRunCommand.templateFile(file.toString())).isEqualTo(file);
    assertThat(TaskRunCommand.templateFile("release")).isNull();
    assertThatThrownBy(() -> TaskRunCommand.templateFile("missing.yaml")).isInstanceOf(CliException.class);
  }
}
