package dev.opsflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code opsflow exec --hosts SELECTOR [--account A] -- 'command'}: a quick script run
 * ({@code POST .../exec}), followed live, then the grouped summary. Exit code 0 only when every host
 * succeeded.
 */
@Command(name = "exec", description = "Run a command or script on hosts and show the grouped results.")
public final class ExecCommand extends BaseCommand {
  @Option(names = "--hosts", required = true, paramLabel = "SELECTOR",
      description = "Targets: host names, group:x, label selectors, local. Comma-separated names, or one selector. Repeatable.")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--account", paramLabel = "A", description = "Account to run as (not needed for local).")
  String account;

  @Option(names = "--language", paramLabel = "L", defaultValue = "bash", description = "bash (default), sh, python3 or perl.")
  String language;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Per-host limit: 60s, 5m, ...")
  String timeout;

  @Option(names = "--concurrency", paramLabel = "N", description = "Hosts at once.")
  Integer concurrency;

  @Option(names = "--file", paramLabel = "FILE", description = "Run this script file instead of a command.")
  Path file;

  @Option(names = "--name", paramLabel = "NAME", description = "Run name in the job history.")
  String name;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (after --), joined with spaces.")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    var body = Json.object();
    body.put("language", language);
    body.put("content", content(file, command));
    if (name != null) {
      body.put("name", name);
    }
    putTargets(body, Targets.parse(hosts), account, timeout, concurrency);
    var api = api();
    var started = api.post(api.projectPath("exec"), body);
    var runId = Json.text(started, "id", "?");
    for (var w : started.path("warnings")) {
      context().err().println("warning: line " + w.path("line").asInt() + ": " + Json.text(w, "description", "")
          + ": " + Json.text(w, "text", ""));
    }
    context().err().println("run " + runId + " started");
    var run = new JobRunFollower(api, context()).follow(runId, json());
    if (json()) {
      printJson(run);
    }
    return JobRunViews.exitCode(run);
  }

  /** The script text: the file's content, or the command words joined with spaces. */
  static String content(Path file, List<String> command) {
    if (file != null && !command.isEmpty()) {
      throw CliException.usage("give either --file or a command after --, not both");
    }
    if (file != null) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw CliException.usage("cannot read " + file + ": " + e.getMessage());
      }
    }
    if (command.isEmpty()) {
      throw CliException.usage("missing command: opsflow exec --hosts SELECTOR -- 'command' (or --file script.sh)");
    }
    return String.join(" ", command);
  }

  static void putTargets(ObjectNode body, List<String> targets, String account, String timeout, Integer concurrency) {
    if (targets.isEmpty()) {
      throw CliException.usage("--hosts: at least one target is required");
    }
    var list = body.putArray("targets");
    targets.forEach(list::add);
    if (account != null) {
      body.put("account", account);
    }
    if (timeout != null) {
      body.put("timeout", timeout);
    }
    if (concurrency != null) {
      body.put("concurrency", concurrency);
    }
  }
}
