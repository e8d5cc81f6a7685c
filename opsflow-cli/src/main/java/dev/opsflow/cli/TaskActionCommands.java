package dev.opsflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Operator actions on a task or one of its nodes. Each prints one confirmation line with the state
 * the server reports; a refused action (409, "Expected node 'x' to be FAILED ...") exits 2.
 */
public final class TaskActionCommands {
  private TaskActionCommands() {}

  /** Shared shape of task-level actions: {@code POST /tasks/{id}/<action>} with an optional reason. */
  abstract static class TaskAction extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String taskId;

    @Option(names = "--reason", paramLabel = "R", description = "Why (recorded in the task's events).")
    String reason;

    abstract String action();

    @Override
    public Integer call() {
      ObjectNode body = Json.object();
      if (reason != null) body.put("reason", reason);
      JsonNode task = api().post(TaskCommands.taskPath(taskId) + "/" + action(), body);
      out().printf("task %s: %s%n", taskId, Json.text(task, "state", action() + " requested"));
      return ExitCodes.OK;
    }
  }

  /** {@code task start}. */
  @Command(name = "start", description = "Start a CREATED task (for example a clone).")
  public static final class Start extends TaskAction {
    String action() { return "start"; }
  }

  /** {@code task pause}. */
  @Command(name = "pause", description = "Pause a task.")
  public static final class Pause extends TaskAction {
    String action() { return "pause"; }
  }

  /** {@code task resume}. */
  @Command(name = "resume", description = "Resume a paused task.")
  public static final class Resume extends TaskAction {
    String action() { return "resume"; }
  }

  /** {@code task revoke}. */
  @Command(name = "revoke", description = "Revoke a task for good.")
  public static final class Revoke extends TaskAction {
    String action() { return "revoke"; }
  }

  /** Shared shape of node-level actions: {@code POST /tasks/{id}/nodes/{node}/<action>}. */
  abstract static class NodeAction extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String taskId;

    @Parameters(index = "1", paramLabel = "NODE")
    String nodeId;

    abstract String action();

    /** The JSON request body of the action. */
    abstract ObjectNode body();

    @Override
    public Integer call() {
      ObjectNode body = body();
      JsonNode task = api().post(TaskCommands.nodePath(taskId, nodeId, action()), body);
      JsonNode node = TaskViews.node(task, nodeId);
      String nodeState = Json.text(node, "state", null);
      String taskState = Json.text(task, "state", null);
      out().printf("node '%s' of task %s: %s%s%n", nodeId, taskId,
          nodeState == null ? action() + " done" : nodeState,
          taskState == null ? "" : " (task " + taskState + ")");
      return ExitCodes.OK;
    }

    static ObjectNode withText(String field, String value) {
      ObjectNode body = Json.object();
      if (value != null) body.put(field, value);
      return body;
    }

    static void putMap(ObjectNode body, String field, Map<String, JsonNode> values) {
      if (!values.isEmpty()) {
        ObjectNode target = body.putObject(field);
        values.forEach(target::set);
      }
    }
  }

  /** {@code task retry}. */
  @Command(name = "retry", description = "Run a FAILED node again, optionally with edited inputs.")
  public static final class Retry extends NodeAction {
    @Option(names = "--input", paramLabel = "KEY=VALUE", description = "Edited input; JSON when it parses, else a string. Repeatable.")
    List<String> inputs = new ArrayList<>();

    String action() { return "retry"; }

    ObjectNode body() {
      ObjectNode body = Json.object();
      putMap(body, "inputs", KeyValues.parse("--input", inputs, KeyValues.Mode.JSON_OR_STRING));
      return body;
    }
  }

  /** {@code task skip}. */
  @Command(name = "skip", description = "Mark a FAILED node as skipped, optionally with the outputs later nodes need.")
  public static final class Skip extends NodeAction {
    @Option(names = "--output", paramLabel = "KEY=VALUE", description = "Output to record; JSON when it parses, else a string. Repeatable.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "R", description = "Why the node is skipped.")
    String reason;

    String action() { return "skip"; }

    ObjectNode body() {
      ObjectNode body = withText("reason", reason);
      putMap(body, "outputs", KeyValues.parse("--output", outputs, KeyValues.Mode.JSON_OR_STRING));
      return body;
    }
  }

  /** {@code task force-fail}. */
  @Command(name = "force-fail", description = "Mark a running or waiting node as FAILED.")
  public static final class ForceFail extends NodeAction {
    @Option(names = "--reason", paramLabel = "R", description = "Why the node is failed.")
    String reason;

    String action() { return "force-fail"; }

    ObjectNode body() { return withText("reason", reason); }
  }

  /** {@code task approve}. */
  @Command(name = "approve", description = "Approve a node waiting for approval.")
  public static final class Approve extends NodeAction {
    @Option(names = "--comment", paramLabel = "C", description = "Comment recorded with the decision.")
    String comment;

    String action() { return "approve"; }

    ObjectNode body() { return withText("comment", comment); }
  }

  /** {@code task reject}. */
  @Command(name = "reject", description = "Reject a node waiting for approval (the node fails).")
  public static final class Reject extends NodeAction {
    @Option(names = "--comment", paramLabel = "C", description = "Comment recorded with the decision.")
    String comment;

    String action() { return "reject"; }

    ObjectNode body() { return withText("comment", comment); }
  }

  /** {@code task resume-node}. */
  @Command(name = "resume-node", description = "Continue a node stopped at its breakpoint.")
  public static final class ResumeNode extends NodeAction {
    String action() { return "resume"; }

    ObjectNode body() { return Json.object(); }
  }

  /** Copies a task (same template version and variables, with overrides) as a new CREATED task. */
  @Command(name = "clone", description = "Copy a task as a new CREATED task; prints the new id.")
  public static final class Clone extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String taskId;

    @Option(names = "--var", paramLabel = "KEY=VALUE", description = "Variable override (string; KEY:=JSON typed). Repeatable.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--start", description = "Start the new task right away.")
    boolean start;

    @Override
    public Integer call() {
      ObjectNode body = Json.object();
      NodeAction.putMap(body, "variables", KeyValues.parse("--var", vars, KeyValues.Mode.STRING));
      ApiClient api = api();
      JsonNode created = api.post(TaskCommands.taskPath(taskId) + "/clone", body);
      String newId = Json.text(created, "id", null);
      if (newId == null) {
        throw new CliException(ExitCodes.FAILED, "the server's answer to clone holds no id");
      }
      if (start) {
        api.post(TaskCommands.taskPath(newId) + "/start", Json.object());
      }
      out().println(newId);
      return ExitCodes.OK;
    }
  }
}
