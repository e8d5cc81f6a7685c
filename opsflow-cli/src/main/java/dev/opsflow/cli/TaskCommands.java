package dev.opsflow.cli;

import picocli.CommandLine.Command;

/** {@code task ...}: run tasks, look at them, and act on them and their nodes. */
@Command(
    name = "task",
    description = "Run tasks, watch them, and act on tasks and nodes.",
    subcommands = {
      TaskRunCommand.class,
      TaskQueryCommands.ListTasks.class,
      TaskQueryCommands.Status.class,
      TaskQueryCommands.Events.class,
      TaskQueryCommands.Logs.class,
      TaskActionCommands.Start.class,
      TaskActionCommands.Pause.class,
      TaskActionCommands.Resume.class,
      TaskActionCommands.Revoke.class,
      TaskActionCommands.Retry.class,
      TaskActionCommands.Skip.class,
      TaskActionCommands.ForceFail.class,
      TaskActionCommands.Approve.class,
      TaskActionCommands.Reject.class,
      TaskActionCommands.ResumeNode.class,
      TaskActionCommands.Clone.class
    })
public final class TaskCommands {
  private TaskCommands() {}

  /** {@code /api/v1/tasks/{id}} with the id encoded. */
  static String taskPath(String taskId) {
    return "/api/v1/tasks/" + ApiClient.encode(taskId);
  }

  /** {@code /api/v1/tasks/{id}/nodes/{node}/{action}}. */
  static String nodePath(String taskId, String nodeId, String action) {
    return taskPath(taskId) + "/nodes/" + ApiClient.encode(nodeId) + "/" + action;
  }
}
