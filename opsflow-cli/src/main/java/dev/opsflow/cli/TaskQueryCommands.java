package dev.opsflow.cli;

import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Read-only task commands: {@code task list|status|events|logs}. All accept {@code -o json}. */
public final class TaskQueryCommands {
  private TaskQueryCommands() {}

  /** Lists the project's tasks, newest first as the server orders them. */
  @Command(name = "list", aliases = "ls", description = "List the tasks of the project.")
  public static final class ListTasks extends BaseCommand {
    @Option(names = "--state", paramLabel = "STATE", description = "Only tasks in this state (CREATED, RUNNING, PAUSED, FINISHED, FAILED, REVOKED).")
    String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N tasks, 1 to 1000 (default 50).")
    int limit;

    @Override
    public Integer call() {
      ApiClient api = api();
      String query = "?limit=" + limit + (state == null ? "" : "&state=" + ApiClient.encode(state.toUpperCase(java.util.Locale.ROOT)));
      JsonNode tasks = api.get(api.projectPath("tasks") + query);
      if (json()) {
        printJson(tasks);
        return ExitCodes.OK;
      }
      var table = new Table("ID", "NAME", "TEMPLATE", "STATE", "CREATED", "BY");
      tasks.forEach(t -> table.row(
          Json.text(t, "id", null), Json.text(t, "name", null),
          Json.text(t, "template", "?") + (t.has("templateVersion") ? " v" + Json.text(t, "templateVersion", "?") : ""),
          Json.text(t, "state", null), Json.text(t, "createdAt", null), Json.text(t, "createdBy", null)));
      table.print(out());
      return ExitCodes.OK;
    }
  }

  /** The task and a table of its nodes; for a FAILED task also what to do next. */
  @Command(name = "status", description = "Show a task and its nodes: state, attempt, duration, error.")
  public static final class Status extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String taskId;

    @Override
    public Integer call() {
      JsonNode task = api().get(TaskCommands.taskPath(taskId));
      if (json()) {
        printJson(task);
        return ExitCodes.OK;
      }
      out().println(TaskViews.header(task));
      out().println();
      TaskViews.nodeTable(task, Instant.now()).print(out());
      var summary = TaskViews.failureSummary(task);
      if (!summary.isEmpty()) {
        out().println();
        summary.forEach(out()::println);
      }
      return ExitCodes.OK;
    }
  }

  /** The task's event history (the audit trail), oldest first. */
  @Command(name = "events", description = "Show the events of a task, oldest first.")
  public static final class Events extends BaseCommand {
    private static final int PAGE = 500;

    @Parameters(index = "0", paramLabel = "ID")
    String taskId;

    @Override
    public Integer call() {
      ApiClient api = api();
      ArrayNode all = JsonNodeFactory.instance.arrayNode();
      long after = 0;
      while (true) {
        JsonNode page = api.get(TaskCommands.taskPath(taskId) + "/events?after=" + after + "&limit=" + PAGE);
        page.forEach(all::add);
        if (page.size() < PAGE) break;
        long last = page.get(page.size() - 1).path("seq").asLong(after);
        if (last <= after) break;
        after = last;
      }
      if (json()) {
        printJson(all);
        return ExitCodes.OK;
      }
      var table = new Table("SEQ", "AT", "TYPE", "NODE", "ACTOR", "REASON");
      all.forEach(e -> table.row(
          Json.text(e, "seq", null), Json.text(e, "at", null), Json.text(e, "type", null),
          Json.text(e, "nodeId", null), Json.text(e, "actor", null), Json.text(e, "reason", null)));
      table.print(out());
      return ExitCodes.OK;
    }
  }

  /** A node's log; with {@code --follow} polls until the node settles. */
  @Command(name = "logs", description = "Print a node's log (latest attempt by default); -f follows it.")
  public static final class Logs extends BaseCommand {
    private static final int PAGE = 1000;
    private static final long POLL_MILLIS = 1000;
    private static final Set<String> SETTLED = Set.of("FINISHED", "FAILED", "SKIPPED", "REVOKED");

    @Parameters(index = "0", paramLabel = "ID")
    String taskId;

    @Parameters(index = "1", paramLabel = "NODE")
    String nodeId;

    @Option(names = "--attempt", paramLabel = "N",
        description = "Attempt number within the pass (default: the latest).")
    Integer attempt;

    @Option(names = "--pass", paramLabel = "P",
        description = "Loop pass of the node (default: the latest); every pass starts again at attempt 1.")
    Integer pass;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the node settles.")
    boolean follow;

    @Override
    public Integer call() {
      ApiClient api = api();
      ArrayNode collected = JsonNodeFactory.instance.arrayNode();
      long after = 0;
      while (true) {
        boolean settled = !follow || settled(api.get(TaskCommands.taskPath(taskId)));
        int got;
        do {
          JsonNode page = api.get(TaskCommands.nodePath(taskId, nodeId, "logs") + "?after=" + after
              + "&limit=" + PAGE + (pass == null ? "" : "&pass=" + pass)
              + (attempt == null ? "" : "&attempt=" + attempt));
          JsonNode lines = page.path("lines");
          got = lines.size();
          boolean allHaveSeq = true;
          for (JsonNode line : lines) {
            allHaveSeq &= line.path("seq").isNumber();
            after = Math.max(after, line.path("seq").asLong(after));
            if (json()) collected.add(line); else out().println(Json.text(line, "text", ""));
          }
          // "next" is only a fallback: whether it means "last seq" or "last seq + 1" is not pinned down
          if (!allHaveSeq) after = Math.max(after, page.path("next").asLong(after));
        } while (got >= PAGE);
        // the node's state was read before the last page: once settled, that page had everything
        if (settled) break;
        out().flush();
        sleep();
      }
      if (json()) printJson(collected);
      return ExitCodes.OK;
    }

    private boolean settled(JsonNode task) {
      JsonNode node = TaskViews.node(task, nodeId);
      if (node.isMissingNode()) {
        throw CliException.usage("task " + taskId + " has no node '" + nodeId + "'");
      }
      String nodeState = Json.text(node, "state", "");
      String taskState = Json.text(task, "state", "");
      if (pass != null && node.path("pass").asInt(0) > pass) return true;
      if (attempt != null && node.path("attempt").asInt(0) > attempt) return true;
      if (SETTLED.contains(nodeState)) return true;
      if (taskState.equals("FINISHED") || taskState.equals("REVOKED")) return true;
      return taskState.equals("FAILED") && !nodeState.equals("RUNNING") && !nodeState.equals("WAITING");
    }

    private static void sleep() {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCodes.FAILED, "interrupted", e);
      }
    }
  }
}
