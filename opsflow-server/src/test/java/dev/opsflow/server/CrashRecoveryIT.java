package dev.opsflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kills the packaged server with SIGKILL in the middle of a running task, restarts it on the same
 * H2 data directory, and checks the task completes with every node attempt run exactly once.
 */
class CrashRecoveryIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();
    Process server;
    int port;
    Path dataDir;

    @AfterEach
    void kill() {
        if (server != null) server.destroyForcibly();
    }

    void startServer() throws Exception {
        var java = ProcessHandle.current().info().command().orElse("java");
        var jar = System.getProperty("opsflow.server.jar", "target/opsflow-server.jar");
        server = new ProcessBuilder(java, "-jar", jar, "--server.port=" + port, "--opsflow.data-dir=" + dataDir,
                "--opsflow.admin-password=crash-test", "--opsflow.lease=2s")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("server-" + System.nanoTime() + ".log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> call("GET", "/api/v1/health", null).statusCode() == 200);
    }

    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:crash-test".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", path.contains("/templates/") ? "application/yaml" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> task(String id) throws Exception {
        return JSON.readValue(call("GET", "/api/v1/tasks/" + id, null).body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    String nodeState(String id, String node) throws Exception {
        return ((List<Map<String, Object>>) task(id).get("nodes")).stream().filter(n -> n.get("id").equals(node))
                .map(n -> (String) n.get("state")).findFirst().orElseThrow();
    }

    String startTask(String template, Path log) throws Exception {
        var r = call("POST", "/api/v1/projects/default/tasks", JSON.writeValueAsString(
                Map.of("template", template, "variables", Map.of("log", log.toString()))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) JSON.readValue(r.body(), Map.class).get("id");
    }

    static String step(String id, String next, String extra) {
        return """
                  - id: %s
                    plugin: script
                    inputs: {language: sh, env: {LOG: "${log}"}, content: 'echo "%s $OPSFLOW_ATTEMPT" >> "$LOG"%s'}
                    next: %s
                """.formatted(id, id, extra, next);
    }

    void prepare() throws Exception {
        dataDir = Files.createTempDirectory("crash");
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        startServer();
        var yaml = "name: crashy\ninputs:\n  log: {type: string, required: true}\nnodes:\n"
                + "  - {id: start, kind: start, next: a}\n"
                + step("a", "nap", "")
                + "  - {id: nap, plugin: sleep, inputs: {duration: 3s}, next: split}\n"
                + "  - {id: split, kind: parallel, branches: [{to: b}, {to: c}, {to: long}]}\n"
                + step("b", "join", "") + step("c", "join", "")
                + step("long", "join", "; sleep 4")
                + "  - {id: join, kind: converge, next: d}\n"
                + step("d", "end", "")
                + "  - {id: end, kind: end}\n";
        var r = call("PUT", "/api/v1/projects/default/templates/crashy", yaml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    void restart() throws Exception {
        server.destroyForcibly().waitFor();
        startServer();
    }

    static Map<String, Integer> lineCounts(Path log) throws IOException {
        var counts = new HashMap<String, Integer>();
        Files.readAllLines(log).forEach(l -> counts.merge(l.trim(), 1, Integer::sum));
        return counts;
    }

    @Test
    void a_task_killed_while_waiting_on_a_timer_completes_after_restart_with_no_node_run_twice() throws Exception {
        prepare();
        var log = Files.createTempFile(dataDir, "nodes", ".log");
        var id = startTask("crashy", log);
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeState(id, "nap").equals("WAITING"));
        restart(); // SIGKILL in the middle of the sleep
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> task(id).get("state").equals("FINISHED"));
        assertThat(lineCounts(log)).containsExactlyInAnyOrderEntriesOf(
                Map.of("a 1", 1, "b 1", 1, "c 1", 1, "long 1", 1, "d 1", 1));
    }

    @Test
    void an_attempt_running_when_the_server_dies_is_marked_interrupted_and_can_be_retried() throws Exception {
        prepare();
        var log = Files.createTempFile(dataDir, "nodes", ".log");
        var id = startTask("crashy", log);
        // b and c finish at once; 'long' keeps running for 4 s
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeState(id, "long").equals("RUNNING")
                && nodeState(id, "b").equals("FINISHED") && nodeState(id, "c").equals("FINISHED")
                && Files.readString(log).contains("long 1"));
        restart(); // SIGKILL while the 'long' script runs
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> task(id).get("state").equals("FAILED"));
        assertThat(nodeState(id, "long")).isEqualTo("FAILED");
        assertThat(task(id).toString()).contains("interrupted");
        var retry = call("POST", "/api/v1/tasks/" + id + "/nodes/long/retry", "{}");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> task(id).get("state").equals("FINISHED"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("task did not finish: " + task(id), e);
        }
        assertThat(lineCounts(log)).containsExactlyInAnyOrderEntriesOf(
                Map.of("a 1", 1, "b 1", 1, "c 1", 1, "long 1", 1, "long 2", 1, "d 1", 1));
    }
}
