package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TaskViewsTest {
  private static final JsonNode TASK = Json.parseOrMissing("""
      {"id": "t_1", "name": "release #3", "template": "release", "templateVersion": 2, "state": "FAILED",
       "createdBy": "admin", "createdAt": "2025-01-01T12:00:00Z",
       "nodes": [
         {"id": "build", "name": "Build tarball", "state": "FINISHED", "attempt": 1,
          "startedAt": "2025-01-01T12:00:01Z", "finishedAt": "2025-01-01T12:00:02.500Z", "error": null},
         {"id": "deploy", "name": "Deploy", "state": "FAILED", "attempt": 2,
          "startedAt": "2025-01-01T12:00:03Z", "finishedAt": "2025-01-01T12:00:04Z", "error": {"message": "exit code 1"}},
         {"id": "gate", "state": "WAITING", "waitingFor": "approval", "attempt": 1, "startedAt": "2025-01-01T12:00:03Z"},
         {"id": "end", "state": "PENDING", "attempt": 0}]}
      """);

  @Test
  void the_node_table_shows_state_attempt_duration_and_error() {
    var lines = TaskViews.nodeTable(TASK, Instant.parse("2025-01-01T12:00:13Z")).lines();

    assertThat(lines).containsExactly(
        "NODE    STATE               ATTEMPT  DURATION  ERROR",
        "build   FINISHED            1        1.5s      -",
        "deploy  FAILED              2        1.0s      exit code 1",
        "gate    WAITING (approval)  1        10.0s     -",
        "end     PENDING             0        -         -");
  }

  @Test
  void a_failed_task_lists_failed_nodes_with_the_commands_that_move_them_on() {
    assertThat(TaskViews.failureSummary(TASK)).containsExactly(
        "task t_1 is FAILED; this node needs action:",
        "  node 'deploy' (Deploy), attempt 2: exit code 1",
        "    retry: opsflow task retry t_1 deploy [--input KEY=VALUE]...",
        "    skip:  opsflow task skip t_1 deploy [--output KEY=VALUE]... [--reason R]");
  }

  @Test
  void the_header_names_task_template_version_and_state() {
    assertThat(TaskViews.header(TASK))
        .isEqualTo("task t_1 \"release #3\": template release v2, FAILED, created by admin at 2025-01-01T12:00:00Z");
  }

  @Test
  void a_task_without_failed_nodes_needs_no_action() {
    assertThat(TaskViews.failureSummary(Json.parseOrMissing("{\"id\":\"t\",\"nodes\":[]}"))).isEmpty();
  }
}
