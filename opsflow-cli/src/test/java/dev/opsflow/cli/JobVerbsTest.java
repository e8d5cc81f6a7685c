package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Argument parsing and rendering of exec, push, hosts and job. */
class JobVerbsTest {
  static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void hostNamesAreSplitOnCommasButASelectorStaysOneTarget() {
    assertThat(Targets.parse(List.of("web1, web2,group:db"))).containsExactly("web1", "web2", "group:db");
    assertThat(Targets.parse(List.of("env=prod,role in (web,db)", "local")))
        .containsExactly("env=prod,role in (web,db)", "local");
    assertThat(Targets.parse(List.of("selector:maintenance"))).containsExactly("selector:maintenance");
  }

  @Test
  void aPushDestinationSplitsAtTheFirstColonSlash() {
    var d = Targets.destination("group:web:/opt/app");
    assertThat(d.targets()).containsExactly("group:web");
    assertThat(d.dir()).isEqualTo("/opt/app");
    assertThat(Targets.destination("web1,web2:/tmp").targets()).containsExactly("web1", "web2");
    assertThatThrownBy(() -> Targets.destination("web1"))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("expected SELECTOR:/absolute/dir");
  }

  @Test
  void execTakesACommandOrAFileButNotBoth() {
    assertThat(ExecCommand.content(null, List.of("hostname;", "echo", "ok"))).isEqualTo("hostname; echo ok");
    assertThatThrownBy(() -> ExecCommand.content(null, List.of())).hasMessageContaining("missing command");
    assertThatThrownBy(() -> ExecCommand.content(Path.of("x.sh"), List.of("ls"))).hasMessageContaining("not both");
    assertThatThrownBy(() -> ExecCommand.content(Path.of("/nonexistent/x.sh"), List.of()))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
  }

  @Test
  void theSummaryHasOneLinePerGroupWithCountStateExitAndSample() {
    var run = json("""
        {"id": "r_1", "state": "FAILED", "error": null, "steps": [{"index": 0, "name": "s", "kind": "script",
         "state": "FAILED", "hostCounts": {"SUCCEEDED": 2, "FAILED": 1},
         "groups": [{"state": "SUCCEEDED", "exitCode": 0, "count": 2, "hosts": ["web1", "web2"],
                     "sampleStdout": "web1\\nok\\n", "sampleStderr": "", "error": null},
                    {"state": "FAILED", "exitCode": 3, "count": 1, "hosts": ["web3"],
                     "sampleStdout": "", "sampleStderr": "disk full\\n", "error": "exit code 3"}]}]}
        """);
    assertThat(JobRunViews.summary(run)).containsExactly(
        "run r_1 FAILED: 3 hosts, 2 succeeded, 1 failed",
        "     2 hosts  SUCCEEDED    exit 0   \"ok\"  web1, web2",
        "     1 host   FAILED       exit 3   \"disk full\"  web3");
    assertThat(JobRunViews.exitCode(run)).isEqualTo(1);
    assertThat(JobRunViews.exitCode(json("{\"state\": \"SUCCEEDED\"}"))).isZero();
  }

  @Test
  void aPlanSummaryNamesItsStepsAndLongSamplesAreShortened() {
    var run = json("""
        {"id": "r_2", "state": "SUCCEEDED", "steps": [
          {"index": 0, "name": "check", "kind": "confirm", "state": "SUCCEEDED", "hostCounts": {}, "groups": []},
          {"index": 1, "name": "go", "kind": "script", "state": "SUCCEEDED", "hostCounts": {"SUCCEEDED": 7},
           "groups": [{"state": "SUCCEEDED", "exitCode": 0, "count": 7, "hosts": ["a", "b", "c", "d", "e", "f", "g"],
                       "sampleStdout": "%s", "sampleStderr": "", "error": null}]}]}
        """.formatted("x".repeat(100)));
    var lines = JobRunViews.summary(run);
    assertThat(lines.get(0)).isEqualTo("run r_2 SUCCEEDED: 7 host results, 7 succeeded, 0 failed");
    assertThat(lines.get(1)).isEqualTo("step 0 'check' (confirm): SUCCEEDED");
    assertThat(lines.get(3)).contains("\"" + "x".repeat(57) + "...\"").endsWith("a, b, c, d, e, ...");
  }

  @Test
  void hostLinesShowExitCodeAndOtherErrors() {
    assertThat(JobRunViews.hostLine(json("{\"host\": \"web1\", \"state\": \"SUCCEEDED\", \"exitCode\": 0, \"error\": null}"), 6))
        .isEqualTo("  web1    SUCCEEDED    exit 0");
    assertThat(JobRunViews.hostLine(json("{\"host\": \"web2\", \"state\": \"FAILED\", \"exitCode\": 3, \"error\": \"exit code 3\"}"), 4))
        .isEqualTo("  web2  FAILED       exit 3");
    assertThat(JobRunViews.hostLine(json("{\"host\": \"db\", \"state\": \"UNREACHABLE\", \"exitCode\": null, "
        + "\"error\": \"connection refused\"}"), 4)).isEqualTo("  db    UNREACHABLE  connection refused");
  }

  @Test
  void inventoryFormatComesFromTheExtensionAndTheImportSummaryCountsEverything() {
    assertThat(HostCommands.format(Path.of("inv.ini"))).isEqualTo("ini");
    assertThat(HostCommands.format(Path.of("hosts.YML"))).isEqualTo("yaml");
    assertThat(HostCommands.format(Path.of("hosts.csv"))).isEqualTo("csv");
    assertThat(HostCommands.format(Path.of("inventory"))).isNull();
    var summary = json("""
        {"format": "ini", "created": ["web1", "web2"], "updated": ["db1"], "unchanged": [],
         "groups": {"created": ["web"], "updated": [], "unchanged": ["db"]}}
        """);
    assertThat(HostCommands.importSummary("inv.ini", summary)).containsExactly(
        "imported inv.ini (ini): hosts 2 created, 1 updated, 0 unchanged; groups 1 created, 0 updated, 1 unchanged",
        "  created: web1, web2",
        "  updated: db1");
  }

  @Test
  void aCheckLineSaysOkOrWhy() {
    assertThat(HostCommands.checkLine(json("{\"host\": \"web1\", \"state\": \"SUCCEEDED\", \"reachable\": true, "
        + "\"stdout\": \"Linux 6.1.0\\n\", \"durationMs\": 120}"))).isEqualTo("web1: OK (Linux 6.1.0, 120 ms)");
    assertThat(HostCommands.checkLine(json("{\"host\": \"web2\", \"state\": \"AUTH_FAILED\", \"reachable\": true, "
        + "\"error\": \"key rejected\"}"))).isEqualTo("web2: AUTH_FAILED: key rejected");
  }

  @Test
  void theNewVerbsAreRegisteredAndAccountsUseOsUser() {
    var r = CliRun.run(java.util.Map.of(), "accounts", "add", "--help");
    assertThat(r.out()).contains("--os-user");
    assertThat(CliRun.run(java.util.Map.of(), "--help").out()).contains("exec").contains("push").contains("hosts").contains("job")
        .contains("credentials").contains("accounts");
    assertThat(CliRun.run(java.util.Map.of(), "exec", "--account", "x", "--", "ls").exitCode()).isEqualTo(2);
  }
}
