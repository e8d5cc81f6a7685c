package dev.opsflow.cli;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Follows a job run until it settles: polls {@code GET .../job-runs/{id}/hosts} and
 * {@code .../job-runs/{id}} every 500 ms, prints one line per host as it reaches a final state, says
 * once when the run waits for a person (a paused rolling batch, a confirm step) and keeps waiting,
 * then prints the grouped summary. Returns the final run detail.
 */
final class JobRunFollower {
  static final long POLL_MILLIS = 500;

  private final ApiClient api;
  private final CliContext context;
  private final Map<String, String> seen = new HashMap<>();

  JobRunFollower(ApiClient api, CliContext context) {
    this.api = api;
    this.context = context;
  }

  JsonNode follow(String runId, boolean quiet) {
    var path = api.projectPath("job-runs/" + ApiClient.encode(runId));
    String waitingSaid = null;
    while (true) {
      var run = api.get(path);
      var state = Json.text(run, "state", "?");
      if (!quiet) {
        printHosts(api.get(path + "/hosts"), state.equals("RUNNING"));
      }
      if (!state.equals("RUNNING") && !state.equals("PAUSED") && !state.equals("WAITING_CONFIRMATION")) {
        if (!quiet) {
          JobRunViews.summary(run).forEach(context.out()::println);
        }
        return run;
      }
      if (!state.equals("RUNNING") && !state.equals(waitingSaid)) {
        waitingSaid = state;
        context.err().println("run " + runId + " is " + state + " (step " + run.path("currentStep").asInt()
            + "); waiting — confirm, resume or terminate it through " + path);
      }
      sleep();
    }
  }

  /**
   * Prints hosts that reached a final state since the last call. While the run moves, a final host
   * without exit code and error is left for the next round: its result may still be being recorded.
   */
  private void printHosts(JsonNode hosts, boolean moving) {
    int width = 4;
    for (JsonNode h : hosts) {
      width = Math.max(width, Json.text(h, "host", "").length());
    }
    for (JsonNode h : hosts) {
      var state = Json.text(h, "state", "");
      if (state.equals("PENDING") || state.equals("RUNNING")
          || (moving && h.path("exitCode").isNull() && h.path("error").isNull())) {
        continue;
      }
      var key = h.path("step").asInt() + "/" + Json.text(h, "host", "") + "/" + h.path("attempt").asInt();
      if (!state.equals(seen.put(key, state))) {
        context.out().println(JobRunViews.hostLine(h, width));
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted while following the run");
    }
  }
}
