package dev.opsflow.cli;

import java.io.PrintStream;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The {@code --wait} part of {@code task run}: prints progress from the task's event stream until the
 * task ends, answers approval nodes, and returns the exit code (0 FINISHED, 1 FAILED or REVOKED).
 *
 * <p>An approval node that is WAITING is approved when {@code --approve} was given, asked about
 * when a person sits at the terminal, else announced with the command that approves it. A task
 * that turns FAILED stops the wait with the failed nodes and the commands to retry or skip them.
 */
public final class TaskWatcher {
  static final String AUTO_APPROVE_COMMENT = "approved by opsflow task run --approve";

  /** What to do while watching. */
  public record Options(boolean logs, boolean approve) {}

  private final ApiClient api;
  private final CliContext context;
  private final String taskId;
  private final Options options;
  private final ProgressRenderer renderer;
  private int outcome = -1;

  public TaskWatcher(ApiClient api, CliContext context, String taskId, Options options, int labelWidth) {
    this.api = api;
    this.context = context;
    this.taskId = taskId;
    this.options = options;
    this.renderer = new ProgressRenderer(context.zone(), labelWidth);
  }

  /** Blocks until the task ends (or needs action); returns the exit code. */
  public int watch() {
    new TaskStream(api, taskId, context).follow(this::onEvent);
    if (outcome < 0) {
      outcome = ExitCodes.forTaskState(Json.text(detail(), "state", "?"));
    }
    return outcome;
  }

  private boolean onEvent(SseParser.SseEvent event) {
    PrintStream out = context.out();
    switch (event.type()) {
      case "task-event" -> {
        JsonNode e = Json.parseOrMissing(event.data());
        renderer.render(e).ifPresent(out::println);
        return afterEvent(Json.text(e, "type", ""), Json.text(e, "nodeId", null));
      }
      case "log" -> {
        if (options.logs()) {
          out.println(renderer.renderLog(Json.parseOrMissing(event.data())));
        }
        return true;
      }
      case "end" -> {
        outcome = ExitCodes.forTaskState(Json.text(detail(), "state", "?"));
        return false;
      }
      default -> {
        return true;
      }
    }
  }

  /** Reacts to an event after it was printed; false stops the wait. */
  private boolean afterEvent(String type, String nodeId) {
    switch (type) {
      case "TASK_FINISHED" -> outcome = ExitCodes.OK;
      case "TASK_REVOKED" -> outcome = ExitCodes.FAILED;
      case "TASK_FAILED" -> {
        JsonNode task = detail();
        // history is replayed first: the task may have failed once and been retried since
        if ("FAILED".equals(Json.text(task, "state", null))) {
          TaskViews.failureSummary(task).forEach(context.out()::println);
          outcome = ExitCodes.FAILED;
        }
      }
      case "NODE_WAITING" -> onWaiting(nodeId);
      case "NODE_SUSPENDED" -> context.out().printf(
          "          node '%s' stopped at its breakpoint; continue it with: opsflow task resume-node %s %s%n",
          nodeId, taskId, nodeId);
      default -> {}
    }
    return outcome < 0;
  }

  private void onWaiting(String nodeId) {
    if (nodeId == null) return;
    JsonNode node = TaskViews.node(detail(), nodeId);
    if (!"WAITING".equals(Json.text(node, "state", null))
        || !"approval".equals(Json.text(node, "waitingFor", null))) {
      return;
    }
    PrintStream out = context.out();
    if (options.approve()) {
      approve(nodeId);
    } else if (context.interactive()) {
      String title = Json.text(node, "name", nodeId);
      out.printf("Approve node '%s' (%s)? [y/N] ", nodeId, title);
      out.flush();
      String answer = context.readLine();
      if (answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
        approve(nodeId);
      } else {
        out.printf("          left waiting; later: opsflow task approve %s %s  (or: opsflow task reject %s %s)%n",
            taskId, nodeId, taskId, nodeId);
      }
    } else {
      out.printf("          node '%s' waits for approval: opsflow task approve %s %s [--comment C]%n",
          nodeId, taskId, nodeId);
    }
  }

  private void approve(String nodeId) {
    try {
      api.post(nodePath(nodeId, "approve"), Json.object().put("comment", AUTO_APPROVE_COMMENT));
    } catch (ApiException e) {
      if (e.status() != 409) throw e;
      // someone else decided first; the stream shows what happened
      context.err().println("warning: could not approve node '" + nodeId + "': " + e.problem().headline());
    }
  }

  private String nodePath(String nodeId, String action) {
    return "/api/v1/tasks/" + ApiClient.encode(taskId) + "/nodes/" + ApiClient.encode(nodeId) + "/" + action;
  }

  private JsonNode detail() {
    return api.get("/api/v1/tasks/" + ApiClient.encode(taskId));
  }
}
