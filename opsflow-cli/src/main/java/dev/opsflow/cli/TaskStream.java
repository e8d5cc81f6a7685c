package dev.opsflow.cli;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Follows {@code GET /api/v1/tasks/{id}/stream} (Server-Sent Events) and hands each event to a
 * {@link Listener} until it says stop or the server sends {@code end}.
 *
 * <p>Lines come from {@link java.net.http.HttpResponse.BodyHandlers#ofLines()} (HttpClient's line
 * subscriber) and are parsed by {@link SseParser}. When the connection drops or cannot be opened
 * the stream reconnects with {@code ?after=lastSeq}, where lastSeq is the seq of the last
 * {@code task-event} received, so no event is missed or repeated (log lines sent while disconnected
 * may be). It gives up with exit code 3 after {@link #GIVE_UP_AFTER} without a successful connection.
 */
public final class TaskStream {
  /** Receives stream events; returns false to stop following. */
  @FunctionalInterface
  public interface Listener {
    boolean onEvent(SseParser.SseEvent event);
  }

  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

  private final ApiClient api;
  private final String taskId;
  private final CliContext context;
  private long lastSeq;

  public TaskStream(ApiClient api, String taskId, CliContext context) {
    this.api = api;
    this.taskId = taskId;
    this.context = context;
  }

  /** Follows the stream from the first event; returns when the listener stops or {@code end} arrives. */
  public void follow(Listener listener) {
    Instant failingSince = null;
    long backoffMillis = 500;
    boolean reconnecting = false;
    while (true) {
      String path = "/api/v1/tasks/" + ApiClient.encode(taskId) + "/stream"
          + (lastSeq > 0 ? "?after=" + lastSeq : "");
      try (Stream<String> lines = api.openEventStream(path)) {
        if (reconnecting) {
          context.err().println("reconnected to the event stream");
          reconnecting = false;
        }
        failingSince = null;
        backoffMillis = 500;
        if (!consume(lines.iterator(), listener)) {
          return;
        }
      } catch (UncheckedIOException e) {
        // connection dropped mid-stream: reconnect below
      } catch (CliException e) {
        if (e.exitCode() != ExitCodes.CONNECTION || e instanceof ApiException) {
          throw e;
        }
        Instant now = Instant.now();
        if (failingSince == null) {
          failingSince = now;
        } else if (Duration.between(failingSince, now).compareTo(GIVE_UP_AFTER) > 0) {
          throw e;
        }
      }
      if (!reconnecting) {
        context.err().println("event stream interrupted; reconnecting after event " + lastSeq + " ...");
        reconnecting = true;
      }
      sleep(backoffMillis);
      backoffMillis = Math.min(backoffMillis * 2, 5000);
    }
  }

  /** Reads events until the listener stops (false) or the stream ends; true when it should reconnect. */
  private boolean consume(Iterator<String> lines, Listener listener) {
    SseParser parser = new SseParser();
    while (lines.hasNext()) {
      var event = parser.accept(lines.next());
      if (event.isEmpty()) {
        continue;
      }
      var e = event.get();
      if (e.type().equals("task-event")) {
        lastSeq = Math.max(lastSeq, seqOf(e));
      }
      if (!listener.onEvent(e) || e.type().equals("end")) {
        return false;
      }
    }
    return true;
  }

  /** The event's own seq; the SSE id only as a fallback, as it may be a stale "last event ID". */
  static long seqOf(SseParser.SseEvent event) {
    JsonNode data = Json.parseOrMissing(event.data());
    if (data.path("seq").isNumber()) {
      return data.path("seq").asLong();
    }
    try {
      return event.id() == null ? 0 : Long.parseLong(event.id().strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted", e);
    }
  }
}
