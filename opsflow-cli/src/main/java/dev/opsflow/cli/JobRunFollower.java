package dev.opsflow.cli;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Follows a job run until it settles: prints one line per host as it reaches a final state, says once
 * when the run waits for a person (a paused rolling batch, a confirm step) and keeps waiting, then
 * prints the grouped summary. Returns the final run detail.
 *
 * <p>What is printed always comes from {@code GET .../job-runs/{id}} and {@code .../hosts} (the stored
 * results, with exit codes). While the run is RUNNING the run's event stream ({@link JobRunStream})
 * says when to look again: at once when a host settles (the server sends that event once the host's
 * result is stored), when the run's state changes or the stream ends, and every {@value #QUIET_MILLIS}
 * ms while the stream is quiet (hosts driven by another replica send no events here). While the run
 * waits for a person the server ends the stream: the follower looks every {@value #POLL_MILLIS} ms and
 * opens a new stream once the run moves again. When a stream cannot be opened or breaks, it looks
 * every {@value #POLL_MILLIS} ms for the rest of the run.
 */
final class JobRunFollower {
  static final long POLL_MILLIS = 500;
  static final long QUIET_MILLIS = 2000;

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
    JobRunStream stream = null;
    boolean streaming = true;
    try {
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
        if (stream != null && stream.isOver()) {
          // a stream the server ended is replaced; one that broke is not: poll from then on
          streaming = stream.ended();
          stream.close();
          stream = null;
        }
        if (!state.equals("RUNNING") || !streaming) {
          sleep(POLL_MILLIS);
          continue;
        }
        if (stream == null) {
          stream = open(path);
          if (stream == null) {
            streaming = false;
            continue;
          }
        }
        awaitChange(stream);
      }
    } finally {
      if (stream != null) {
        stream.close();
      }
    }
  }

  /** A new stream of the run, or null when the server does not give one (the caller polls instead). */
  private JobRunStream open(String path) {
    try {
      return JobRunStream.open(api, path);
    } catch (CliException e) {
      // an unreachable server fails the next look with the usual message; anything else: poll
      return null;
    }
  }

  /** Waits until the stream says something changed, or for the quiet-time look. */
  private void awaitChange(JobRunStream stream) {
    try {
      stream.poll(QUIET_MILLIS);
      // one look for everything that arrived meanwhile (hosts stored in one batch come as a burst)
      stream.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted while following the run");
    }
  }

  /**
   * Prints hosts that reached a final state since the last call. While the run moves, a final host
   * without exit code and error is left for a later look: an older server stores a host's final state
   * before its exit code, which it writes only when the host's whole step ends.
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted while following the run");
    }
  }
}
