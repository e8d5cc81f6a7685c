package dev.opsflow.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Text renderings of a task detail (docs/api.md "Task detail"): header, node table, failure help. */
public final class TaskViews {
  private TaskViews() {}

  /** {@code task t_1 "release #3": template release v2, RUNNING, created by admin at ...}. */
  public static String header(JsonNode task) {
    return "task %s \"%s\": template %s v%s, %s, created by %s at %s".formatted(
        Json.text(task, "id", "?"), Json.text(task, "name", ""), Json.text(task, "template", "?"),
        Json.text(task, "templateVersion", "?"), Json.text(task, "state", "?"),
        Json.text(task, "createdBy", "?"), Json.text(task, "createdAt", "?"));
  }

  /** NODE, STATE, ATTEMPT, DURATION, ERROR for every node; running nodes count up to {@code now}. */
  public static Table nodeTable(JsonNode task, Instant now) {
    var table = new Table("NODE", "STATE", "ATTEMPT", "DURATION", "ERROR");
    for (JsonNode node : task.path("nodes")) {
      String state = Json.text(node, "state", "?");
      String waitingFor = Json.text(node, "waitingFor", null);
      table.row(
          Json.text(node, "id", "?"),
          waitingFor != null && state.equals("WAITING") ? state + " (" + waitingFor + ")" : state,
          Json.text(node, "attempt", null),
          duration(node, now),
          Json.errorText(node.get("error")));
    }
    return table;
  }

  static String duration(JsonNode node, Instant now) {
    Instant started = ProgressRenderer.instant(Json.text(node, "startedAt", null));
    if (started == null) {
      return null;
    }
    Instant finished = ProgressRenderer.instant(Json.text(node, "finishedAt", null));
    Instant end = finished != null ? finished : now;
    return end.isBefore(started) ? null : ProgressRenderer.formatDuration(Duration.between(started, end));
  }

  /** The nodes in state FAILED. */
  public static List<JsonNode> failedNodes(JsonNode task) {
    List<JsonNode> failed = new ArrayList<>();
    task.path("nodes").forEach(n -> {
      if ("FAILED".equals(Json.text(n, "state", null))) failed.add(n);
    });
    return failed;
  }

  /**
   * What a FAILED task needs: each failed node with its error and the commands that move it on.
   * Empty when no node failed.
   */
  public static List<String> failureSummary(JsonNode task) {
    List<JsonNode> failed = failedNodes(task);
    List<String> lines = new ArrayList<>();
    if (failed.isEmpty()) {
      return lines;
    }
    String id = Json.text(task, "id", "?");
    lines.add("task " + id + " is " + Json.text(task, "state", "?") + "; "
        + (failed.size() == 1 ? "this node needs" : "these nodes need") + " action:");
    for (JsonNode node : failed) {
      String nodeId = Json.text(node, "id", "?");
      String name = Json.text(node, "name", null);
      String error = Json.errorText(node.get("error"));
      lines.add("  node '%s'%s, attempt %s: %s".formatted(
          nodeId, name == null || name.equals(nodeId) ? "" : " (" + name + ")",
          Json.text(node, "attempt", "?"), error == null ? "failed" : error));
      lines.add("    retry: opsflow task retry " + id + " " + nodeId + " [--input KEY=VALUE]...");
      lines.add("    skip:  opsflow task skip " + id + " " + nodeId + " [--output KEY=VALUE]... [--reason R]");
    }
    return lines;
  }

  /** The node with {@code nodeId}, or a missing node. */
  public static JsonNode node(JsonNode task, String nodeId) {
    for (JsonNode node : task.path("nodes")) {
      if (nodeId.equals(Json.text(node, "id", null))) return node;
    }
    return task.path("__missing__");
  }
}
