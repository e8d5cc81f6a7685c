package dev.opsflow.server.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.exec.SshdFixture;
import dev.opsflow.server.TestServer;
import dev.opsflow.server.jobs.flow.SshHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job-run event stream ({@code GET .../job-runs/{id}/stream}) on a real server (H2) with real sshd
 * hosts, read over HTTP as a client reads it: what a {@code host} event reports is already stored.
 */
class JobRunStreamTest {
    static final String P = SshHosts.P;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TestServer server;
    static SshdFixture sshd;
    static List<String> hosts;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.h2();
        sshd = SshdFixture.start(2);
        hosts = SshHosts.register(server, sshd, "stream", "stream");
        SshHosts.account(server, sshd);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (sshd != null) sshd.close();
    }

    record Event(String type, Map<String, Object> data) {}

    /** Reads the stream's events on a virtual thread; {@link #next} waits for one with a deadline. */
    static final class Events implements AutoCloseable {
        private final Stream<String> lines;
        private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();

        Events(Stream<String> lines) {
            this.lines = lines;
            Thread.ofVirtual().start(this::read);
        }

        @SuppressWarnings("unchecked")
        private void read() {
            String type = null;
            try {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    var line = it.next();
                    if (line.startsWith("event:")) type = line.substring(6);
                    else if (line.startsWith("data:") && type != null) queue.add(new Event(type, JSON.readValue(line.substring(5), Map.class)));
                }
            } catch (RuntimeException e) {
                // closed by the test, or the server ended the stream: next() then times out
            }
        }

        /** @return the next event of {@code type}, skipping others; fails after 60 s */
        Event next(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                var e = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(e).as("a '" + type + "' event within 60 s").isNotNull();
                if (e.type().equals(type)) return e;
            }
        }

        /** @return the next {@code host} event with a final state, skipping RUNNING ones */
        Event nextFinalHost() throws InterruptedException {
            while (true) {
                var e = next("host");
                if (!e.data().get("state").equals("RUNNING") && !e.data().get("state").equals("PENDING")) return e;
            }
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    Map<String, Object> storedHost(String runId, String host) {
        return server.get(P + "/job-runs/" + runId + "/steps/0/hosts").list().stream()
                .filter(h -> h.get("host").equals(host)).findFirst().orElseThrow();
    }

    @Test
    void onAHostEventTheRunsHostsAlreadyShowThatHostsFinalResultWhileOthersStillRun() throws Exception {
        var dir = Files.createTempDirectory("job-stream");
        // both hosts wait for 'start' (sent once the stream is open, so no event is missed); the one that
        // wins the mkdir ends at once with exit 3, the other runs until 'go' exists
        var script = "for i in $(seq 600); do [ -e " + dir + "/start ] && break; sleep 0.05; done\n"
                + "if mkdir " + dir + "/first 2>/dev/null; then echo early; exit 3; fi\n"
                + "for i in $(seq 600); do [ -e " + dir + "/go ] && break; sleep 0.05; done\necho late\n";
        var r = server.post(P + "/exec", Map.of("language", "bash", "content", script, "targets", hosts,
                "account", "ops", "timeout", "60s"));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        var id = (String) r.map().get("id");

        try (var events = new Events(server.openLines(P + "/job-runs/" + id + "/stream").body())) {
            events.next("run"); // sent after the stream subscribed to the run's events
            Files.writeString(dir.resolve("start"), "");

            var first = events.nextFinalHost();
            var early = (String) first.data().get("host");
            var late = hosts.get(0).equals(early) ? hosts.get(1) : hosts.get(0);
            assertThat(first.data()).containsEntry("state", "FAILED").containsEntry("message", "exit code 3");
            // read right away, as a client reacting to the event does: the early host's result is there...
            assertThat(storedHost(id, early)).containsEntry("state", "FAILED").containsEntry("exitCode", 3)
                    .containsEntry("error", "exit code 3").containsEntry("stdout", "early\n")
                    .satisfies(h -> assertThat(h.get("finishedAt")).isNotNull());
            // ...though its step has not ended: the other host still runs
            assertThat(storedHost(id, late)).containsEntry("state", "RUNNING").containsEntry("finishedAt", null);

            Files.writeString(dir.resolve("go"), "");
            var second = events.nextFinalHost();
            assertThat(second.data()).containsEntry("host", late).containsEntry("state", "SUCCEEDED");
            assertThat(storedHost(id, late)).containsEntry("state", "SUCCEEDED").containsEntry("exitCode", 0)
                    .containsEntry("stdout", "late\n");
            assertThat(events.next("end").data()).containsEntry("state", "FAILED");
        }
    }
}
