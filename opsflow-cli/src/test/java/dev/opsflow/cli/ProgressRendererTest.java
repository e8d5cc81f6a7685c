package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProgressRendererTest {
  private final ProgressRenderer renderer = new ProgressRenderer(ZoneOffset.UTC, 0);

  private static JsonNode event(String json) {
    return Json.parseOrMissing(json);
  }

  private String render(String json) {
    return renderer.render(event(json)).orElse(null);
  }

  @Test
  void a_started_node_prints_time_padded_id_and_RUNNING() {
    assertThat(render("{\"type\":\"NODE_STARTED\",\"nodeId\":\"build\",\"at\":\"2025-01-01T12:00:01Z\"}"))
        .isEqualTo("12:00:01  build        RUNNING");
  }

  @Test
  void a_finished_node_shows_how_long_it_ran() {
    render("{\"type\":\"NODE_STARTED\",\"nodeId\":\"build\",\"at\":\"2025-01-01T12:00:01Z\"}");

    assertThat(render("{\"type\":\"NODE_FINISHED\",\"nodeId\":\"build\",\"at\":\"2025-01-01T12:00:02.200Z\"}"))
        .isEqualTo("12:00:02  build        FINISHED 1.2s");
  }

  @Test
  void a_failed_node_shows_its_error() {
    render("{\"type\":\"NODE_STARTED\",\"nodeId\":\"deploy\",\"at\":\"2025-01-01T12:00:01Z\"}");

    assertThat(render("{\"type\":\"NODE_FAILED\",\"nodeId\":\"deploy\",\"at\":\"2025-01-01T12:00:01.400Z\","
        + "\"data\":{\"error\":{\"message\":\"exit code 1\"}}}"))
        .isEqualTo("12:00:01  deploy       FAILED 0.4s: exit code 1");
  }

  @Test
  void the_reason_stands_in_for_a_missing_error() {
    assertThat(render("{\"type\":\"NODE_INTERRUPTED\",\"nodeId\":\"deploy\",\"at\":\"2025-01-01T12:00:01Z\","
        + "\"reason\":\"interrupted\"}"))
        .isEqualTo("12:00:01  deploy       INTERRUPTED: interrupted");
  }

  @Test
  void operator_actions_name_the_actor_and_a_retry_shows_its_attempt() {
    assertThat(render("{\"type\":\"NODE_APPROVED\",\"nodeId\":\"gate\",\"actor\":\"alice\",\"at\":\"2025-01-01T12:00:05Z\"}"))
        .isEqualTo("12:00:05  gate         APPROVED by alice");
    assertThat(render("{\"type\":\"NODE_STARTED\",\"nodeId\":\"gate\",\"at\":\"2025-01-01T12:00:06Z\",\"data\":{\"attempt\":2}}"))
        .isEqualTo("12:00:06  gate         RUNNING (attempt 2)");
  }

  @Test
  void a_waiting_node_says_what_it_waits_for() {
    assertThat(render("{\"type\":\"NODE_WAITING\",\"nodeId\":\"gate\",\"at\":\"2025-01-01T12:00:05Z\",\"data\":{\"waitingFor\":\"approval\"}}"))
        .isEqualTo("12:00:05  gate         WAITING for approval");
  }

  @Test
  void task_events_use_the_task_label_and_ready_nodes_print_nothing() {
    assertThat(render("{\"type\":\"NODE_READY\",\"nodeId\":\"build\",\"at\":\"2025-01-01T12:00:00Z\"}")).isNull();
    render("{\"type\":\"TASK_STARTED\",\"nodeId\":null,\"at\":\"2025-01-01T12:00:00Z\"}");

    assertThat(render("{\"type\":\"TASK_FINISHED\",\"at\":\"2025-01-01T12:02:03Z\"}"))
        .isEqualTo("12:02:03  (task)       FINISHED 2m03s");
  }

  @Test
  void a_long_node_id_widens_the_column_and_a_missing_time_shows_dashes() {
    assertThat(render("{\"type\":\"NODE_SKIPPED\",\"nodeId\":\"a_very_long_node_id\",\"reason\":\"not needed\"}"))
        .isEqualTo("--:--:--  a_very_long_node_id SKIPPED: not needed");
    assertThat(render("{\"type\":\"NODE_STARTED\",\"nodeId\":\"x\",\"at\":\"2025-01-01T12:00:00+02:00\"}"))
        .isEqualTo("10:00:00  x                   RUNNING");
  }

  @Test
  void log_lines_are_indented_under_the_time_column() {
    assertThat(renderer.renderLog(event("{\"nodeId\":\"build\",\"stream\":\"stdout\",\"text\":\"compiling\"}")))
        .isEqualTo("          build | compiling");
    assertThat(renderer.renderLog(event("{\"nodeId\":\"build\",\"stream\":\"stderr\",\"text\":\"warn\"}")))
        .isEqualTo("          build ! warn");
  }

  @Test
  void durations_are_short() {
    assertThat(ProgressRenderer.formatDuration(Duration.ofMillis(400))).isEqualTo("0.4s");
    assertThat(ProgressRenderer.formatDuration(Duration.ofMillis(12_345))).isEqualTo("12.3s");
    assertThat(ProgressRenderer.formatDuration(Duration.ofSeconds(123))).isEqualTo("2m03s");
    assertThat(ProgressRenderer.formatDuration(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }
}
