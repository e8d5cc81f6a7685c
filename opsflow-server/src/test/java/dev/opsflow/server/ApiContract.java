package dev.opsflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * REST API integration tests against a real server; run on H2 and on PostgreSQL by the subclasses.
 */
abstract class ApiContract {
    static TestServer server;

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        server = null;
    }

    static String uniqueName(String base) {
        return base + "-" + Long.toHexString(System.nanoTime());
    }

    static int freePort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String apply(String name, String yaml) {
        var r = server.put("/api/v1/projects/default/templates/" + name, yaml.replaceFirst("(?m)^name: .*$", "name: " + name));
        assertThat(r.status()).as(r.raw()).isIn(200, 201);
        return name;
    }

    Map<String, Object> create(String template, Map<String, Object> vars) {
        var r = server.post("/api/v1/projects/default/tasks", Map.of("template", template, "variables", vars));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.map();
    }

    Map<String, Object> task(String id) {
        return server.get("/api/v1/tasks/" + id).map();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> node(Map<String, Object> task, String nodeId) {
        return ((List<Map<String, Object>>) task.get("nodes")).stream().filter(n -> n.get("id").equals(nodeId))
                .findFirst().orElseThrow();
    }

    Map<String, Object> awaitTask(String id, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> task(id).get("state").equals(state));
        return task(id);
    }

    void awaitNode(String id, String nodeId, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> node(task(id), nodeId).get("state").equals(state));
    }

    @Test
    void requests_without_credentials_are_refused_with_a_problem() {
        var r = server.anonymous("/api/v1/projects");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.map()).containsEntry("status", 401);
        assertThat(server.anonymous("/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void the_openapi_document_is_served() {
        var r = server.anonymous("/api/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw()).contains("/api/v1/tasks/{id}").contains("/api/v1/projects/{project}/templates/{name}");
    }

    @Test
    void release_example_runs_to_completion_after_approval() throws Exception {
        var name = apply(uniqueName("release"), TestServer.example("release.yaml"));
        var again = server.put("/api/v1/projects/default/templates/" + name,
                TestServer.example("release.yaml").replaceFirst("(?m)^name: .*$", "name: " + name));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.map()).containsEntry("created", false).containsEntry("version", 1);

        var base = Files.createTempDirectory("release");
        var vars = Map.<String, Object>of("version", "2.3.4", "base_dir", base.toString(), "port", freePort());
        var t = create(name, vars);
        var id = (String) t.get("id");
        awaitNode(id, "approve_production", "WAITING");
        assertThat(node(task(id), "approve_production")).containsEntry("waitingFor", "approval");
        assertThat(task(id).get("state")).isEqualTo("RUNNING");

        var conflict = server.post("/api/v1/tasks/" + id + "/nodes/build/retry", Map.of());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.map().get("detail")).isEqualTo("Expected node 'build' to be FAILED but was FINISHED");

        var approve = server.post("/api/v1/tasks/" + id + "/nodes/approve_production/approve", Map.of("comment", "ship it"));
        assertThat(approve.status()).as(approve.raw()).isEqualTo(200);
        var done = awaitTask(id, "FINISHED");
        assertThat(node(done, "rollback").get("state")).isEqualTo("PENDING");
        assertThat(Files.readString(base.resolve("production/current/VERSION")).trim()).isEqualTo("2.3.4");
        assertThat(Files.isSymbolicLink(base.resolve("targets/web3/current"))).isTrue();
        assertThat((Map<String, Object>) done.get("outputs")).containsEntry("healthy", true);

        var events = server.get("/api/v1/tasks/" + id + "/events").list();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("type")).isEqualTo("NODE_APPROVED");
            assertThat(e.get("actor")).isEqualTo("admin");
            assertThat(e.get("reason")).isEqualTo("ship it");
        });
        assertThat(events.getLast().get("type")).isEqualTo("TASK_FINISHED");
        var logs = server.get("/api/v1/tasks/" + id + "/nodes/build/logs").map();
        assertThat(logs.get("lines").toString()).contains("built app-2.3.4.tar.gz");
    }

    @Test
    void release_rolls_back_when_the_health_check_fails() throws Exception {
        var name = apply(uniqueName("release"), TestServer.example("release.yaml"));
        var base = Files.createTempDirectory("release");
        var t = create(name, Map.of("version", "3.0.0", "base_dir", base.toString(), "port", freePort(),
                "break_health", true));
        var done = awaitTask((String) t.get("id"), "FINISHED");
        assertThat(node(done, "health").get("state")).isEqualTo("FAILED");
        assertThat((List<?>) node(done, "health").get("attempts")).hasSize(3);
        assertThat(node(done, "rollback").get("state")).isEqualTo("FINISHED");
        assertThat(node(done, "approve_production").get("state")).isEqualTo("PENDING");
        assertThat(Files.readSymbolicLink(base.resolve("targets/web2/current")).toString()).endsWith("app-0.9.0");
    }

    @Test
    void invalid_variables_are_rejected_with_every_problem_and_nothing_is_created() throws Exception {
        var name = apply(uniqueName("release"), TestServer.example("release.yaml"));
        var before = server.get("/api/v1/projects/default/tasks?limit=1000").list().size();
        var r = server.post("/api/v1/projects/default/tasks", Map.of("template", name,
                "variables", Map.of("version", "latest", "port", "eighty")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.raw()).contains("variables.version").contains("variables.port");
        assertThat(server.get("/api/v1/projects/default/tasks?limit=1000").list()).hasSize(before);
    }

    @Test
    void a_task_body_field_of_the_wrong_type_is_refused_with_a_400_naming_it_and_nothing_is_created() {
        var name = apply(uniqueName("strict"), """
                name: strict
                nodes:
                  - {id: start, kind: start, next: end}
                  - {id: end, kind: end}
                """);
        var before = server.get("/api/v1/projects/default/tasks?limit=1000").list().size();
        var fractional = server.sendRaw(server.request("/api/v1/projects/default/tasks").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"template\": \"" + name + "\", \"version\": 1.9}")));
        assertThat(fractional.statusCode()).as(fractional.body()).isEqualTo(400);
        assertThat(fractional.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        var problem = server.post("/api/v1/projects/default/tasks", Map.of("template", name, "version", 1.9)).map();
        assertThat(problem).containsEntry("status", 400).containsEntry("field", "version")
                .containsEntry("detail", "version: expected an integer but got 1.9");
        var text = server.post("/api/v1/projects/default/tasks", Map.of("template", name, "version", "1"));
        assertThat(text.map()).containsEntry("field", "version").containsEntry("detail", "version: expected an integer but got a string");
        var start = server.post("/api/v1/projects/default/tasks", Map.of("template", name, "start", "no"));
        assertThat(start.status()).isEqualTo(400);
        assertThat(start.map()).containsEntry("field", "start");
        var deselect = server.post("/api/v1/projects/default/tasks", Map.of("template", name, "deselect", List.of("a", 2)));
        assertThat(deselect.map()).containsEntry("field", "deselect[1]");
        assertThat(server.get("/api/v1/projects/default/tasks?limit=1000").list()).hasSize(before);
        var whole = server.post("/api/v1/projects/default/tasks", Map.of("template", name, "version", 1.0));
        assertThat(whole.status()).as(whole.raw()).isEqualTo(201);
    }

    @Test
    void invalid_templates_are_rejected_with_node_and_line() {
        var yaml = """
                name: broken
                nodes:
                  - {id: start, kind: start, next: a}
                  - id: a
                    plugin: no_such_plugin
                    next: end
                  - id: b
                    plugin: noop
                    inputs: {outputs: "${''.getClass().forName('java.lang.Runtime')}"}
                    next: end
                  - {id: end, kind: end}
                """;
        var r = server.put("/api/v1/projects/default/templates/broken", yaml);
        assertThat(r.status()).isEqualTo(422);
        @SuppressWarnings("unchecked")
        var problems = (List<Map<String, Object>>) r.map().get("problems");
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.get("nodeId")).isEqualTo("a");
            assertThat(p.get("line")).isEqualTo(4);
        });
        assertThat(problems).anySatisfy(p -> assertThat(p.get("nodeId")).isEqualTo("b"));
        assertThat(server.get("/api/v1/projects/default/templates/broken").status()).isEqualTo(404);
        var validate = server.post("/api/v1/projects/default/templates/validate", null); // body "{}"
        assertThat(validate.status()).isEqualTo(200);
        assertThat(validate.map()).containsEntry("valid", false);
        assertThat(validate.raw()).contains("missing-field");
    }

    static final String BRANCHES = """
            name: branches
            nodes:
              - {id: start, kind: start, next: split}
              - {id: split, kind: parallel, branches: [{to: flaky}, {to: slow}]}
              - id: flaky
                plugin: noop
                inputs: {fail: "disk full", outputs: {size: 1}}
                next: join
              - id: slow
                plugin: sleep
                inputs: {duration: 1500ms}
                next: join
              - {id: join, kind: converge, next: report}
              - id: report
                plugin: noop
                inputs: {outputs: {size: "${flaky.size}"}}
                next: end
              - {id: end, kind: end}
            """;

    @Test
    void a_failed_branch_waits_for_the_others_then_retry_with_edited_inputs_finishes_the_task() {
        var name = apply(uniqueName("branches"), BRANCHES);
        var id = (String) create(name, Map.of()).get("id");
        awaitNode(id, "flaky", "FAILED");
        var running = task(id);
        assertThat(running.get("state")).isEqualTo("RUNNING");
        assertThat(node(running, "slow").get("state")).isIn("WAITING", "RUNNING");
        awaitTask(id, "FAILED");
        var retry = server.post("/api/v1/tasks/" + id + "/nodes/flaky/retry",
                Map.of("inputs", Map.of("fail", "", "outputs", Map.of("size", 7))));
        assertThat(retry.status()).as(retry.raw()).isEqualTo(200);
        var done = awaitTask(id, "FINISHED");
        assertThat((Map<String, Object>) node(done, "report").get("outputs")).containsEntry("size", 7);
        assertThat((List<?>) node(done, "flaky").get("attempts")).hasSize(2);
        var events = server.get("/api/v1/tasks/" + id + "/events").list();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("type")).isEqualTo("NODE_RETRIED");
            assertThat(e.get("data").toString()).contains("editedInputs");
        });
    }

    @Test
    void skip_continues_with_the_given_outputs() {
        var name = apply(uniqueName("branches"), BRANCHES);
        var id = (String) create(name, Map.of()).get("id");
        awaitTask(id, "FAILED");
        var skip = server.post("/api/v1/tasks/" + id + "/nodes/flaky/skip",
                Map.of("outputs", Map.of("size", 3), "reason", "known issue"));
        assertThat(skip.status()).as(skip.raw()).isEqualTo(200);
        var done = awaitTask(id, "FINISHED");
        assertThat(node(done, "flaky").get("state")).isEqualTo("SKIPPED");
        assertThat((Map<String, Object>) node(done, "report").get("outputs")).containsEntry("size", 3);
        var again = server.post("/api/v1/tasks/" + id + "/nodes/flaky/skip", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.map().get("detail").toString()).contains("Expected task");
    }

    /** route is evaluated before ask has its answer, so no branch holds; retried after the answer, it finishes. */
    static final String EARLY_GATEWAY = """
            name: early
            nodes:
              - {id: start, kind: start, next: split}
              - {id: split, kind: parallel, branches: [{to: route}, {to: ask}]}
              - id: route
                kind: exclusive
                branches:
                  - {to: deploy, when: "ask.approved == true"}
                  - {to: hold, when: "ask.approved == false"}
              - {id: ask, plugin: approval, next: join}
              - {id: deploy, plugin: noop, next: join}
              - {id: hold, plugin: noop, next: join}
              - {id: join, kind: converge, next: end}
              - {id: end, kind: end}
            """;

    @Test
    @SuppressWarnings("unchecked")
    void a_retried_gateway_keeps_its_failed_evaluation_as_attempt_1_and_finishes_as_attempt_2() {
        var name = apply(uniqueName("early"), EARLY_GATEWAY);
        var id = (String) create(name, Map.of()).get("id");
        awaitNode(id, "ask", "WAITING");
        assertThat(node(task(id), "route").get("state")).isEqualTo("FAILED");
        var approve = server.post("/api/v1/tasks/" + id + "/nodes/ask/approve", Map.of("comment", "go"));
        assertThat(approve.status()).as(approve.raw()).isEqualTo(200);
        awaitTask(id, "FAILED");

        var retry = server.post("/api/v1/tasks/" + id + "/nodes/route/retry", Map.of());
        assertThat(retry.status()).as(retry.raw()).isEqualTo(200);
        var route = node(awaitTask(id, "FINISHED"), "route");
        assertThat(route).containsEntry("state", "FINISHED").containsEntry("pass", 1).containsEntry("attempt", 2);
        assertThat((List<Map<String, Object>>) route.get("attempts"))
                .extracting(a -> a.get("pass") + "/" + a.get("attempt") + " " + a.get("state"))
                .containsExactly("1/1 FAILED", "1/2 FINISHED");
    }

    @Test
    void several_streams_of_one_task_each_get_every_event_and_the_end() throws Exception {
        // functional only: with the 300 ms poll fallback a lost wake-up would still pass here
        var name = apply(uniqueName("streams"), """
                name: streams
                nodes:
                  - {id: start, kind: start, next: wait}
                  - {id: wait, plugin: sleep, inputs: {duration: 600ms}, next: after}
                  - {id: after, plugin: noop, next: end}
                  - {id: end, kind: end}
                """);
        var id = (String) create(name, Map.of()).get("id");
        var streams = new ArrayList<java.util.concurrent.CompletableFuture<String>>();
        for (int i = 0; i < 3; i++) {
            streams.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> server.sendRaw(server.request("/api/v1/tasks/" + id + "/stream")).body()));
        }
        for (var stream : streams) {
            var body = stream.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(body).contains("TASK_STARTED", "\"nodeId\":\"after\"", "TASK_FINISHED")
                    .contains("event:end").endsWith("\n\n");
        }
        assertThat(task(id).get("state")).isEqualTo("FINISHED");
    }

    @Test
    void the_stream_interleaves_log_lines_with_events_in_time_order_and_keeps_every_loop_pass() throws Exception {
        var name = apply(uniqueName("ordered"), """
                name: ordered
                nodes:
                  - {id: start, kind: start, next: say}
                  - id: say
                    plugin: script
                    inputs: {language: sh, content: "echo line-a; sleep 0.2; echo line-b"}
                    next: after
                  - {id: after, plugin: noop, next: end}
                  - {id: end, kind: end}
                """);
        var id = (String) create(name, Map.of()).get("id");
        var body = server.sendRaw(server.request("/api/v1/tasks/" + id + "/stream")).body();

        int started = body.indexOf("\"nodeId\":\"say\",\"type\":\"NODE_STARTED\"");
        int a = body.indexOf("\"text\":\"line-a\"");
        int b = body.indexOf("\"text\":\"line-b\"");
        int finished = body.indexOf("\"nodeId\":\"say\",\"type\":\"NODE_FINISHED\"");
        assertThat(List.of(started, a, b, finished)).as(body).doesNotContain(-1).isSorted();

        var loop = apply(uniqueName("loop"), TestServer.example("loop.yaml"));
        var loopId = (String) create(loop, Map.of("target", 3)).get("id");
        var loopBody = server.sendRaw(server.request("/api/v1/tasks/" + loopId + "/stream")).body();
        assertThat(loopBody).contains("\"text\":\"pass 1\"", "\"text\":\"pass 2\"", "\"text\":\"pass 3\"", "event:end");
    }

    @Test
    void every_mutating_request_is_audited_with_its_actor_and_final_status() throws Exception {
        var name = apply(uniqueName("audited"), """
                name: audited
                nodes:
                  - {id: start, kind: start, next: end}
                  - {id: end, kind: end}
                """);
        var id = (String) create(name, Map.of()).get("id");
        awaitTask(id, "FINISHED");
        assertThat(server.post("/api/v1/tasks/" + id + "/pause", Map.of()).status()).isEqualTo(409);

        var rows = new ArrayList<String>();
        try (var c = server.bean(javax.sql.DataSource.class).getConnection(); var st = c.prepareStatement(
                "SELECT actor, action, status FROM audit_log WHERE action LIKE ? ORDER BY id")) {
            st.setString(1, "%" + id + "%");
            try (var rs = st.executeQuery()) {
                while (rs.next()) rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3));
            }
        }
        assertThat(rows).containsExactly("admin POST /api/v1/tasks/" + id + "/pause 409");
    }

    @Test
    void bad_query_parameters_of_task_lists_and_logs_answer_400_naming_the_parameter() {
        var name = apply(uniqueName("params"), """
                name: params
                nodes:
                  - {id: start, kind: start, next: end}
                  - {id: end, kind: end}
                """);
        var id = (String) create(name, Map.of()).get("id");
        var tasks = "/api/v1/projects/default/tasks";
        var logs = "/api/v1/tasks/" + id + "/nodes/start/logs";
        var events = "/api/v1/tasks/" + id + "/events";
        var expected = Map.of(
                tasks + "?state=DONE", List.of("state", "state: unknown task state 'DONE'"),
                tasks + "?limit=0", List.of("limit", "limit: must be 1 to 1000 but was 0"),
                tasks + "?limit=abc", List.of("limit", "limit: expected a whole number but got 'abc'"),
                events + "?limit=5001", List.of("limit", "limit: must be 1 to 5000 but was 5001"),
                logs + "?limit=10001", List.of("limit", "limit: must be 1 to 10000 but was 10001"),
                logs + "?pass=-1", List.of("pass", "pass: must be 0 (the latest) or a pass number, was -1"),
                logs + "?attempt=-2", List.of("attempt", "attempt: must be 0 (the latest) or an attempt number, was -2"));
        server.assertBadParameters(expected);
        assertThat(server.get(tasks + "?state=finished&limit=1000").status()).isEqualTo(200);
    }

    @Test
    void pause_stops_new_nodes_and_resume_continues() {
        var name = apply(uniqueName("pause"), """
                name: pause
                nodes:
                  - {id: start, kind: start, next: wait}
                  - {id: wait, plugin: sleep, inputs: {duration: 800ms}, next: after}
                  - {id: after, plugin: noop, next: end}
                  - {id: end, kind: end}
                """);
        var id = (String) create(name, Map.of()).get("id");
        assertThat(server.post("/api/v1/tasks/" + id + "/pause", Map.of("reason", "freeze")).status()).isEqualTo(200);
        awaitNode(id, "after", "READY");
        assertThat(task(id).get("state")).isEqualTo("PAUSED");
        assertThat(server.post("/api/v1/tasks/" + id + "/pause", Map.of()).status()).isEqualTo(409);
        assertThat(server.post("/api/v1/tasks/" + id + "/resume", Map.of()).status()).isEqualTo(200);
        awaitTask(id, "FINISHED");
    }

    @Test
    void revoke_kills_the_running_script_and_ends_the_task() throws Exception {
        var marker = Files.createTempFile("revoke", ".pid");
        var name = apply(uniqueName("revoke"), """
                name: revoke
                nodes:
                  - {id: start, kind: start, next: long}
                  - id: long
                    plugin: script
                    inputs: {language: bash, content: "echo $$ > %s; sleep 60"}
                    next: end
                  - {id: end, kind: end}
                """.formatted(marker));
        var id = (String) create(name, Map.of()).get("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(marker) > 0);
        var pid = Long.parseLong(Files.readString(marker).trim());
        assertThat(server.post("/api/v1/tasks/" + id + "/revoke", Map.of("reason", "wrong day")).status()).isEqualTo(200);
        var t = task(id);
        assertThat(t.get("state")).isEqualTo("REVOKED");
        assertThat(node(t, "long").get("state")).isEqualTo("REVOKED");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void a_breakpoint_suspends_the_node_until_it_is_resumed() {
        var name = apply(uniqueName("breakpoint"), """
                name: breakpoint
                nodes:
                  - {id: start, kind: start, next: check}
                  - {id: check, plugin: noop, breakpoint: true, next: end}
                  - {id: end, kind: end}
                """);
        var id = (String) create(name, Map.of()).get("id");
        awaitNode(id, "check", "SUSPENDED");
        assertThat(server.post("/api/v1/tasks/" + id + "/nodes/check/resume", Map.of()).status()).isEqualTo(200);
        awaitTask(id, "FINISHED");
    }

    @Test
    void loop_example_counts_to_the_target_and_the_loop_limit_stops_a_runaway_loop() throws Exception {
        var name = apply(uniqueName("loop"), TestServer.example("loop.yaml"));
        var done = awaitTask((String) create(name, Map.of("target", 3)).get("id"), "FINISHED");
        assertThat((Map<String, Object>) done.get("outputs")).containsEntry("count", 3);
        assertThat(node(done, "poll").get("pass")).isEqualTo(3);
        var logs = "/api/v1/tasks/" + done.get("id") + "/nodes/poll/logs";
        for (int pass = 1; pass <= 3; pass++) {
            assertThat(server.get(logs + "?pass=" + pass).map().get("lines").toString())
                    .contains("pass " + pass).doesNotContain("pass " + (pass % 3 + 1));
        }
        assertThat(server.get(logs).map().get("lines").toString()).contains("pass 3").doesNotContain("pass 2");
        assertThat(server.get(logs + "?pass=-1").status()).isEqualTo(400);
        var runaway = awaitTask((String) create(name, Map.of("target", 1000)).get("id"), "FAILED");
        assertThat(node(runaway, "poll").get("error").toString()).contains("loop limit 20 exceeded");
    }

    @Test
    void subflow_example_runs_children_and_maps_their_outputs() throws Exception {
        apply("greet", TestServer.example("greet.yaml"));
        var name = apply(uniqueName("subflow"), TestServer.example("subflow.yaml"));
        var done = awaitTask((String) create(name, Map.of("first", "ann", "second", "bob")).get("id"), "FINISHED");
        assertThat((Map<String, Object>) done.get("outputs")).containsEntry("both", "hello, ann / hello, bob");
        var childId = (String) ((Map<String, Object>) node(done, "greet_first").get("outputs")).get("task_id");
        assertThat(task(childId)).containsEntry("state", "FINISHED").containsEntry("parentNodeId", "greet_first");
    }

    @Test
    void secret_variables_are_masked_in_logs_outputs_and_responses() {
        var name = apply(uniqueName("secret"), """
                name: secret
                inputs:
                  token: {type: secret, required: true}
                nodes:
                  - {id: start, kind: start, next: use}
                  - id: use
                    plugin: script
                    inputs: {language: bash, env: {TOKEN: "${token}"}, content: 'echo "token is $TOKEN"; echo "##opsflow:output t=$TOKEN"'}
                    next: end
                  - {id: end, kind: end}
                """);
        var id = (String) create(name, Map.of("token", "s3cr3t-value")).get("id");
        var done = awaitTask(id, "FINISHED");
        assertThat(done.toString()).doesNotContain("s3cr3t-value").contains("******");
        var logs = server.get("/api/v1/tasks/" + id + "/nodes/use/logs").raw();
        assertThat(logs).doesNotContain("s3cr3t-value").contains("token is ******");
    }
}
