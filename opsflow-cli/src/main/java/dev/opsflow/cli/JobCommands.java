package dev.opsflow.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code job ...}: run job plans and look at the execution history. */
@Command(
    name = "job",
    description = "Run job plans and look at job runs.",
    subcommands = {JobCommands.Run.class, JobCommands.Runs.class, JobCommands.Logs.class})
public final class JobCommands {
  private JobCommands() {}

  /** {@code job run PLAN [--var k=v]... [--wait]}. */
  @Command(name = "run", description = "Run a job plan; with --wait follow it (exit 0 only if it SUCCEEDED).")
  public static final class Run extends BaseCommand {
    @Parameters(paramLabel = "PLAN")
    String plan;

    @Option(names = "--var", paramLabel = "KEY=VALUE", description = "A job variable (string); KEY:=JSON for a typed value. Repeatable.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--version", paramLabel = "N", description = "Plan version (default: the latest).")
    Integer version;

    @Option(names = "--wait", description = "Follow the run and print the grouped results.")
    boolean wait;

    @Override
    public Integer call() {
      var body = Json.object();
      var variables = body.putObject("variables");
      KeyValues.parse("--var", vars, KeyValues.Mode.STRING).forEach(variables::set);
      if (version != null) {
        body.put("version", version);
      }
      var api = api();
      var started = api.post(api.projectPath("job-plans/" + ApiClient.encode(plan) + "/run"), body);
      var runId = Json.text(started, "id", "?");
      if (!wait) {
        if (json()) {
          printJson(started);
        } else {
          out().println(runId);
        }
        return ExitCodes.OK;
      }
      context().err().println("run " + runId + " started");
      var run = new JobRunFollower(api, context()).follow(runId, json());
      if (json()) {
        printJson(run);
      }
      return JobRunViews.exitCode(run);
    }
  }

  /** {@code job runs [--q text] [--state S] [--kind K] [--limit N]}. */
  @Command(name = "runs", description = "List job runs, newest first; --q searches their output.")
  public static final class Runs extends BaseCommand {
    @Option(names = "--q", paramLabel = "TEXT", description = "Only runs whose name or output contains TEXT.")
    String q;

    @Option(names = "--state", paramLabel = "STATE", description = "Only runs in this state.")
    String state;

    @Option(names = "--kind", paramLabel = "KIND", description = "script, file or plan.")
    String kind;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N runs, 1 to 1000 (default 50).")
    int limit;

    @Override
    public Integer call() {
      var query = new StringBuilder("job-runs?limit=").append(limit);
      if (q != null) {
        query.append("&q=").append(ApiClient.encode(q));
      }
      if (state != null) {
        query.append("&state=").append(ApiClient.encode(state));
      }
      if (kind != null) {
        query.append("&kind=").append(ApiClient.encode(kind));
      }
      var api = api();
      var runs = api.get(api.projectPath(query.toString()));
      if (json()) {
        printJson(runs);
        return ExitCodes.OK;
      }
      runsTable(runs).print(out());
      return ExitCodes.OK;
    }
  }

  static Table runsTable(JsonNode runs) {
    var table = new Table("ID", "KIND", "STATE", "STARTED BY", "CREATED", "NAME");
    for (JsonNode r : runs) {
      table.row(Json.text(r, "id", ""), Json.text(r, "kind", ""), Json.text(r, "state", ""),
          Json.text(r, "startedBy", "") + " (" + Json.text(r.path("origin"), "kind", "?") + ")",
          Json.text(r, "createdAt", ""), Json.text(r, "name", ""));
    }
    return table;
  }

  /** {@code job logs RUN}: every host's log, one section per step and host. */
  @Command(name = "logs", description = "Print a job run's logs: one section per step and host.")
  public static final class Logs extends BaseCommand {
    @Parameters(paramLabel = "RUN")
    String runId;

    @Override
    public Integer call() {
      var api = api();
      var text = api.getText(api.projectPath("job-runs/" + ApiClient.encode(runId) + "/logs"));
      out().print(text);
      out().flush();
      return ExitCodes.OK;
    }
  }
}
