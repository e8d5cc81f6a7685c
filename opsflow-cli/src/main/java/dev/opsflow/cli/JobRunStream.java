package dev.opsflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * When to look at a followed job run again: reads {@code GET .../job-runs/{id}/stream} (Server-Sent
 * Events, parsed by {@link SseParser}) on a virtual thread and turns its events into {@link Signal}s.
 * The events carry no exit codes, so they only say when to look; what is printed always comes from
 * the stored run, which already holds what a {@code host} event reports when the event arrives.
 *
 * <p>Threading: one reader thread fills the queue; {@link #poll}, {@link #drain} and {@link #close} are
 * for the one following thread.
 */
final class JobRunStream implements AutoCloseable {
  /** What the stream said. */
  enum Signal {
    /** A host reached a final state; its stored result can be read now. */
    HOST_SETTLED,
    /** The run's state changed (also sent once when the stream opens). */
    RUN_CHANGED,
    /** The server ended the stream: the run no longer moves (settled, or waiting for a person). */
    ENDED,
    /** The connection broke or closed without {@code end}. */
    BROKEN
  }

  private final Stream<String> lines;
  private final LinkedBlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile boolean over;
  private volatile boolean ended;
  private volatile boolean closed;

  private JobRunStream(Stream<String> lines, String name) {
    this.lines = lines;
    this.reader = Thread.ofVirtual().name(name).start(this::read);
  }

  /**
   * Opens the stream at {@code runPath + "/stream"}.
   *
   * @throws CliException (or {@link ApiException}) when it cannot be opened
   */
  static JobRunStream open(ApiClient api, String runPath) {
    return new JobRunStream(api.openEventStream(runPath + "/stream"), "job-run-stream");
  }

  /** @return the next signal, or null when none came within {@code millis} */
  Signal poll(long millis) throws InterruptedException {
    return signals.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** @return the signals that arrived since the last poll, removing them */
  List<Signal> drain() {
    var out = new ArrayList<Signal>();
    signals.drainTo(out);
    return out;
  }

  /** @return true once the stream ended or broke; a new one must be opened to hear more */
  boolean isOver() {
    return over;
  }

  /** @return true when the server ended the stream with {@code end} (rather than it breaking) */
  boolean ended() {
    return ended;
  }

  private void read() {
    var result = Signal.BROKEN;
    try {
      var parser = new SseParser();
      for (var it = lines.iterator(); it.hasNext() && result != Signal.ENDED; ) {
        var event = parser.accept(it.next());
        if (event.isEmpty()) continue;
        switch (event.get().type()) {
          case "host" -> {
            var state = Json.text(Json.parseOrMissing(event.get().data()), "state", "RUNNING");
            if (!state.equals("PENDING") && !state.equals("RUNNING")) {
              signals.add(Signal.HOST_SETTLED);
            }
          }
          case "run" -> signals.add(Signal.RUN_CHANGED);
          case "end" -> result = Signal.ENDED;
          default -> {
            // log lines: the follower prints results, not output
          }
        }
      }
    } catch (RuntimeException e) {
      // the connection broke (UncheckedIOException) or was closed by close(): BROKEN
    } finally {
      ended = result == Signal.ENDED;
      over = true;
      if (!closed) signals.add(result);
    }
  }

  /** Stops reading: closes the connection and wakes the reader if it waits for data. */
  @Override
  public void close() {
    closed = true;
    try {
      lines.close();
    } catch (RuntimeException e) {
      // closing a broken connection: nothing left to release
    }
    reader.interrupt();
  }
}
