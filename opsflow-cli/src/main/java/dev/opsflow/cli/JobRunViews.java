package dev.opsflow.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Text renderings of job runs (the answers of {@code GET .../job-runs/{id}} and {@code .../hosts}):
 * one line per finished host while a run is followed, and the grouped summary at the end.
 */
final class JobRunViews {
  /** Sample output shown per group, at most this many characters. */
  static final int SAMPLE = 60;

  private JobRunViews() {}

  /** {@code host1  SUCCEEDED  exit 0} or {@code host3  UNREACHABLE  connection refused}. */
  static String hostLine(JsonNode host, int nameWidth) {
    var state = Json.text(host, "state", "?");
    var exit = host.path("exitCode");
    var error = Json.text(host, "error", null);
    var tail = new StringBuilder();
    if (!exit.isMissingNode() && !exit.isNull()) {
      tail.append("exit ").append(exit.asInt());
    }
    if (error != null && !error.equals("exit code " + exit.asInt())) {
      tail.append(tail.isEmpty() ? "" : "  ").append(error);
    }
    return String.format("  %-" + nameWidth + "s  %-11s  %s", Json.text(host, "host", "?"), state, tail).stripTrailing();
  }

  /**
   * The grouped summary: a heading {@code run r_1 SUCCEEDED: 3 hosts, 3 succeeded, 0 failed}, then per
   * step (named when the run has several) one line per group: count, state, exit code, sample output
   * and the first hosts.
   */
  static List<String> summary(JsonNode run) {
    var lines = new ArrayList<String>();
    var steps = run.path("steps");
    long total = 0;
    long ok = 0;
    for (JsonNode step : steps) {
      for (var e : step.path("hostCounts").properties()) {
        total += e.getValue().asLong();
        if (e.getKey().equals("SUCCEEDED")) {
          ok += e.getValue().asLong();
        }
      }
    }
    var noun = steps.size() > 1 ? (total == 1 ? " host result" : " host results") : (total == 1 ? " host" : " hosts");
    lines.add("run " + Json.text(run, "id", "?") + " " + Json.text(run, "state", "?") + ": " + total + noun + ", "
        + ok + " succeeded, "
        + (total - ok) + " failed" + errorSuffix(run));
    for (JsonNode step : steps) {
      if (steps.size() > 1) {
        lines.add("step " + step.path("index").asInt() + " '" + Json.text(step, "name", "") + "' ("
            + Json.text(step, "kind", "") + "): " + Json.text(step, "state", "?")
            + (step.hasNonNull("error") ? " - " + step.get("error").asString() : ""));
      }
      for (JsonNode g : step.path("groups")) {
        lines.add(groupLine(g));
      }
    }
    return lines;
  }

  private static String errorSuffix(JsonNode run) {
    var error = Json.text(run, "error", null);
    return error == null ? "" : " (" + error + ")";
  }

  /** {@code   3 hosts  SUCCEEDED  exit 0  "ok"  host1, host2, host3}. */
  static String groupLine(JsonNode g) {
    int count = g.path("count").asInt();
    var exit = g.path("exitCode");
    var hosts = new ArrayList<String>();
    for (JsonNode h : g.path("hosts")) {
      if (hosts.size() == 5) {
        hosts.add("...");
        break;
      }
      hosts.add(h.asString());
    }
    return String.format("  %4d %-5s  %-11s  %-7s  %s  %s", count, count == 1 ? "host" : "hosts",
        Json.text(g, "state", "?"), exit.isNull() || exit.isMissingNode() ? "-" : "exit " + exit.asInt(),
        quote(sample(g)), String.join(", ", hosts)).stripTrailing();
  }

  /** The last non-blank line of stdout, else of stderr, else the error; shortened. */
  static String sample(JsonNode g) {
    for (String field : List.of("sampleStdout", "sampleStderr", "error")) {
      var text = Json.text(g, field, "");
      var last = text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
      if (!last.isEmpty()) {
        return last.length() > SAMPLE ? last.substring(0, SAMPLE - 3) + "..." : last;
      }
    }
    return "";
  }

  private static String quote(String s) {
    return s.isEmpty() ? "\"\"" : "\"" + s + "\"";
  }

  /** 0 only for a SUCCEEDED run. */
  static int exitCode(JsonNode run) {
    return "SUCCEEDED".equals(Json.text(run, "state", "")) ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
