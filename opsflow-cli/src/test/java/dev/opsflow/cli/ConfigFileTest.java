package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  @Test
  void a_missing_file_reads_as_empty() {
    assertThat(new ConfigFile(dir.resolve("none.json")).read()).isEqualTo(ConfigFile.Data.EMPTY);
  }

  @Test
  void what_is_written_is_read_back() {
    var config = new ConfigFile(dir.resolve("cli.json"));
    var data = new ConfigFile.Data("http://ops:8080", "ofp_secret", "tok_1");

    config.write(data);

    assertThat(config.read()).isEqualTo(data);
  }

  @Test
  void the_file_is_owner_only_and_a_created_directory_too() throws Exception {
    var config = new ConfigFile(dir.resolve("sub/opsflow/cli.json"));

    config.write(new ConfigFile.Data("http://x", "ofp_1", null));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.path()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.path().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void rewriting_a_world_readable_file_makes_it_owner_only() throws Exception {
    Path path = dir.resolve("cli.json");
    Files.writeString(path, "{}");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));

    new ConfigFile(path).write(new ConfigFile.Data("http://x", "ofp_1", null));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    assertThat(Files.exists(dir.resolve("cli.json.tmp"))).isFalse();
  }

  @Test
  void null_fields_are_left_out_so_logout_leaves_only_the_server() throws Exception {
    var config = new ConfigFile(dir.resolve("cli.json"));
    config.write(new ConfigFile.Data("http://x", "ofp_1", "t1"));

    config.write(new ConfigFile.Data("http://x", null, null));

    assertThat(Files.readString(config.path())).doesNotContain("ofp_1").doesNotContain("token");
    assertThat(config.read()).isEqualTo(new ConfigFile.Data("http://x", null, null));
  }

  @Test
  void an_unparseable_file_is_an_error_naming_it() throws Exception {
    Path path = dir.resolve("cli.json");
    Files.writeString(path, "not json");

    assertThatThrownBy(() -> new ConfigFile(path).read())
        .isInstanceOf(CliException.class)
        .hasMessageContaining("cannot read the config file " + path);
  }

  @Test
  void OPSFLOW_CONFIG_names_the_file_else_the_home_directory_default() {
    assertThat(ConfigFile.locate(Map.of("OPSFLOW_CONFIG", "/tmp/x.json")).path()).isEqualTo(Path.of("/tmp/x.json"));
    assertThat(ConfigFile.locate(Map.of()).path())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "opsflow", "cli.json"));
  }
}
