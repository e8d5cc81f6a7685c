package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
  @Test
  void rejected_requests_are_usage_errors_and_refused_credentials_connection_errors() {
    assertThat(ExitCodes.forHttpStatus(400)).isEqualTo(2);
    assertThat(ExitCodes.forHttpStatus(404)).isEqualTo(2);
    assertThat(ExitCodes.forHttpStatus(409)).isEqualTo(2);
    assertThat(ExitCodes.forHttpStatus(422)).isEqualTo(2);
    assertThat(ExitCodes.forHttpStatus(401)).isEqualTo(3);
    assertThat(ExitCodes.forHttpStatus(403)).isEqualTo(3);
    assertThat(ExitCodes.forHttpStatus(500)).isEqualTo(1);
    assertThat(ExitCodes.forHttpStatus(503)).isEqualTo(1);
  }

  @Test
  void only_a_finished_task_exits_zero() {
    assertThat(ExitCodes.forTaskState("FINISHED")).isZero();
    assertThat(ExitCodes.forTaskState("FAILED")).isEqualTo(1);
    assertThat(ExitCodes.forTaskState("REVOKED")).isEqualTo(1);
  }

  @Test
  void an_unreachable_server_exits_3_and_says_how_to_start_it() {
    // port 1 on the loopback interface refuses connections
    var run = CliRun.run(Map.of(), "task", "list", "--server", "http://127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).isEqualTo("error: cannot reach the Opsflow server at http://127.0.0.1:1: "
        + "connection refused — start it with ./opsflow server\n");
  }

  @Test
  void a_malformed_var_exits_2_before_contacting_the_server() {
    var run = CliRun.run(Map.of("OPSFLOW_URL", "http://127.0.0.1:1"), "task", "run", "release", "--var", "version");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("invalid --var 'version': expected KEY=VALUE");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missing_arguments_unknown_commands_and_bad_formats_exit_2_with_a_hint() {
    var missing = CliRun.run(Map.of(), "task", "status");
    var unknown = CliRun.run(Map.of(), "task", "stauts", "t_1");
    var format = CliRun.run(Map.of(), "task", "list", "-o", "yaml");

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required parameter: 'ID'", "Try 'opsflow task status --help'");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("status");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("expected one of [text, json]");
  }

  @Test
  void help_lists_every_command_and_exits_0() {
    var run = CliRun.run(Map.of(), "task", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("run", "status", "events", "logs", "pause", "resume", "revoke", "retry", "skip",
        "force-fail", "approve", "reject", "resume-node", "clone");
  }

  @Test
  void a_missing_template_file_is_a_usage_error() {
    var run = CliRun.run(Map.of("OPSFLOW_URL", "http://127.0.0.1:1"), "task", "run", "./nope/release.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such template file: ./nope/release.yaml");
  }
}
