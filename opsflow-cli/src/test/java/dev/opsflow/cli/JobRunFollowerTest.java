package dev.opsflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The job-run follower against a small scripted HTTP server (the JDK's): it wakes on the run's event
 * stream, and prints the same when the stream is missing or breaks and it has to poll. The real server
 * path is covered by JobCliEndToEndTest in opsflow-server.
 */
class JobRunFollowerTest {
  static final String RUN = "/api/v1/projects/default/job-runs/r_1";
  static final String FINISHED_HOST = """
      [{"step": 0, "host": "web1", "attempt": 1, "state": "SUCCEEDED", "exitCode": 0, "error": null}]""";
  static final String SUMMARY_RUN = """
      {"id": "r_1", "state": "SUCCEEDED", "currentStep": 0, "error": null, "steps": [{"index": 0, "name": "s",
       "kind": "script", "state": "SUCCEEDED", "hostCounts": {"SUCCEEDED": 1},
       "groups": [{"state": "SUCCEEDED", "exitCode": 0, "count": 1, "hosts": ["web1"], "sampleStdout": "ok\\n",
                   "sampleStderr": "", "error": null}]}]}""";
  static final String EXPECTED = """
        web1  SUCCEEDED    exit 0
      run r_1 SUCCEEDED: 1 host, 1 succeeded, 0 failed
           1 host   SUCCEEDED    exit 0   "ok"  web1
      """;

  HttpServer http;
  final AtomicInteger runLooks = new AtomicInteger();
  final AtomicInteger streams = new AtomicInteger();
  /** Set by a scenario: whether the run is done, given how often it was looked at. */
  volatile java.util.function.IntPredicate done = looks -> false;

  @AfterEach
  void stop() {
    if (http != null) http.stop(0);
  }

  void start(StreamScript stream) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // one thread per exchange, as the real server: the follower looks at the run while its stream is open
    http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    http.createContext(RUN, exchange -> {
      var path = exchange.getRequestURI().getPath();
      if (path.equals(RUN + "/stream")) {
        streams.incrementAndGet();
        stream.serve(exchange);
      } else if (path.equals(RUN + "/hosts")) {
        reply(exchange, 200, done.test(runLooks.get()) ? FINISHED_HOST : "[]");
      } else {
        reply(exchange, 200, done.test(runLooks.incrementAndGet()) ? SUMMARY_RUN
            : "{\"id\": \"r_1\", \"state\": \"RUNNING\", \"currentStep\": 0}");
      }
    });
    http.start();
  }

  interface StreamScript {
    void serve(HttpExchange exchange) throws IOException;
  }

  static void reply(HttpExchange exchange, int status, String body) throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void send(OutputStream out, String event, String data) throws IOException {
    out.write(("event:" + event + "\ndata:" + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  record Followed(String out, String err, Duration took) {}

  Followed follow() {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    try (var context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), new ByteArrayInputStream(new byte[0]), false,
        ZoneOffset.UTC)) {
      var api = new ApiClient(context.http(),
          new Settings("http://127.0.0.1:" + http.getAddress().getPort(), "default", new Settings.NoAuth()));
      long start = System.nanoTime();
      var run = new JobRunFollower(api, context).follow("r_1", false);
      assertThat(JobRunViews.exitCode(run)).isZero();
      return new Followed(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  @Test
  void theStreamSaysWhenToLookAndTheStoredResultsArePrinted() throws IOException {
    start(exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      try (var out = exchange.getResponseBody()) {
        send(out, "run", "{\"state\": \"RUNNING\"}");
        sleep(100);
        done = looks -> true;
        send(out, "host", "{\"step\": 0, \"attempt\": 1, \"host\": \"web1\", \"state\": \"SUCCEEDED\", \"message\": \"\"}");
        send(out, "run", "{\"state\": \"SUCCEEDED\"}");
        send(out, "end", "{\"state\": \"SUCCEEDED\"}");
      }
    });
    var followed = follow();
    assertThat(followed.out()).isEqualTo(EXPECTED);
    assertThat(followed.err()).isEmpty();
    assertThat(streams.get()).isEqualTo(1);
    // woken by the events, not by the quiet-time look
    assertThat(followed.took()).isLessThan(Duration.ofMillis(JobRunFollower.QUIET_MILLIS));
  }

  @Test
  void withoutAStreamItPollsAndPrintsTheSame() throws IOException {
    start(exchange -> reply(exchange, 404, "{\"status\": 404, \"detail\": \"no such endpoint\"}"));
    done = looks -> looks >= 3;
    var followed = follow();
    assertThat(followed.out()).isEqualTo(EXPECTED);
    assertThat(followed.err()).isEmpty();
    assertThat(streams.get()).isEqualTo(1);
  }

  @Test
  void aStreamThatBreaksIsNotReopenedAndPollingFinishesTheRun() throws IOException {
    start(exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      try (var out = exchange.getResponseBody()) {
        send(out, "run", "{\"state\": \"RUNNING\"}");
      } // closed without "end"
    });
    done = looks -> looks >= 4;
    var followed = follow();
    assertThat(followed.out()).isEqualTo(EXPECTED);
    assertThat(streams.get()).isEqualTo(1);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
