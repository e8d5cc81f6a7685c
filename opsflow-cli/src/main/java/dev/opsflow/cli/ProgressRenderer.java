package dev.opsflow.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Turns task events and log lines into the progress lines of {@code task run --wait}:
 *
 * <pre>
 * 12:00:01  build         RUNNING
 * 12:00:02  build         FINISHED 1.2s
 * 12:00:03  deploy        FAILED 0.4s: exit code 1
 *           deploy | copying release.tar.gz
 * </pre>
 *
 * Times are the events' {@code at} in the given zone; durations run from the node's last
 * NODE_STARTED (or the task's TASK_STARTED) seen by this renderer. Events that are not a state
 * change worth a line (NODE_READY, TASK_CREATED) render as empty. Not thread-safe.
 */
public final class ProgressRenderer {
  static final String TASK_LABEL = "(task)";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final String NO_TIME = "--:--:--";

  private final ZoneId zone;
  private final Map<String, Instant> startedAt = new HashMap<>();
  private int labelWidth;

  /** {@code labelWidth}: the column width for node ids (at least 12); widens for longer ids. */
  public ProgressRenderer(ZoneId zone, int labelWidth) {
    this.zone = zone;
    this.labelWidth = Math.max(12, labelWidth);
  }

  /** The line for a task event ({@code {"seq","nodeId","type","actor","at","reason","data"}}), if any. */
  public Optional<String> render(JsonNode event) {
    String type = Json.text(event, "type", "?");
    String nodeId = Json.text(event, "nodeId", null);
    Instant at = instant(Json.text(event, "at", null));
    String key = nodeId == null ? TASK_LABEL : nodeId;
    if (type.equals("NODE_STARTED") || type.equals("TASK_STARTED")) {
      if (at != null) startedAt.put(key, at);
    }
    String state = describe(type, event, since(key, at));
    if (state == null) {
      return Optional.empty();
    }
    return Optional.of(prefix(at, key) + state);
  }

  /** An indented log line for a {@code log} stream event ({@code {"nodeId","stream","text"}}). */
  public String renderLog(JsonNode log) {
    String nodeId = Json.text(log, "nodeId", "?");
    String marker = "stderr".equals(Json.text(log, "stream", "stdout")) ? " ! " : " | ";
    return " ".repeat(NO_TIME.length() + 2) + nodeId + marker + Json.text(log, "text", "");
  }

  private String describe(String type, JsonNode event, Duration took) {
    String actor = Json.text(event, "actor", null);
    String by = actor == null || actor.equals("engine") ? "" : " by " + actor;
    String reason = Json.text(event, "reason", null);
    JsonNode data = event.path("data");
    return switch (type) {
      case "NODE_READY", "TASK_CREATED" -> null;
      case "NODE_STARTED" -> {
        int attempt = data.path("attempt").asInt(1);
        yield "RUNNING" + (attempt > 1 ? " (attempt " + attempt + ")" : "");
      }
      case "TASK_STARTED" -> "RUNNING" + by;
      case "NODE_WAITING" -> {
        String waitingFor = Json.text(data, "waitingFor", null);
        yield "WAITING" + (waitingFor == null ? "" : " for " + waitingFor);
      }
      case "NODE_SUSPENDED" -> "SUSPENDED at breakpoint";
      case "NODE_FINISHED", "TASK_FINISHED" -> "FINISHED" + duration(took);
      case "NODE_FAILED", "TASK_FAILED", "NODE_INTERRUPTED", "NODE_FORCE_FAILED" ->
          stateOf(type) + duration(took) + (type.startsWith("TASK") ? "" : by) + error(data, reason);
      case "NODE_RETRY_SCHEDULED" -> "RETRY SCHEDULED" + error(data, reason);
      default -> stateOf(type) + by + (reason == null ? "" : ": " + reason);
    };
  }

  private static String stateOf(String type) {
    int underscore = type.indexOf('_');
    return underscore < 0 ? type : type.substring(underscore + 1);
  }

  private static String error(JsonNode data, String reason) {
    String error = Json.errorText(data.get("error"));
    if (error == null) error = reason;
    return error == null ? "" : ": " + error;
  }

  private Duration since(String key, Instant at) {
    Instant start = startedAt.get(key);
    return start == null || at == null || at.isBefore(start) ? null : Duration.between(start, at);
  }

  private static String duration(Duration took) {
    return took == null ? "" : " " + formatDuration(took);
  }

  private String prefix(Instant at, String label) {
    labelWidth = Math.max(labelWidth, label.length());
    String time = at == null ? NO_TIME : CLOCK.format(at.atZone(zone));
    return time + "  " + label + " ".repeat(labelWidth - label.length() + 1);
  }

  /** {@code 0.4s}, {@code 12.3s}, {@code 2m03s}, {@code 1h02m}. */
  public static String formatDuration(Duration d) {
    long millis = d.toMillis();
    if (millis < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = d.toSeconds();
    if (seconds < 3600) {
      return "%dm%02ds".formatted(seconds / 60, seconds % 60);
    }
    return "%dh%02dm".formatted(seconds / 3600, (seconds % 3600) / 60);
  }

  /** Parses an ISO-8601 timestamp (with Z or an offset); null when absent or unparseable. */
  static Instant instant(String text) {
    if (text == null) return null;
    try {
      return DateTimeFormatter.ISO_DATE_TIME.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
