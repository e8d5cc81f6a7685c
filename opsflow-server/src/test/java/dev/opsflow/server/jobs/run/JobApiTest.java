package dev.opsflow.server.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opsflow.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job platform's REST API on a real server (H2), running scripts and files on the server itself. */
class JobApiTest {
    static final String P = "/api/v1/projects/default";
    static TestServer server;
    static JobsHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.h2();
        http = new JobsHttp(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static String unique(String base) {
        return base + "-" + Long.toHexString(System.nanoTime());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    Map<String, Object> awaitRun(String id, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> state.equals(server.get(P + "/job-runs/" + id).map().get("state")));
        return server.get(P + "/job-runs/" + id).map();
    }

    @Test
    void scriptsHaveVersionsStatesAndDiffs() {
        var name = unique("check");
        var created = server.post(P + "/scripts", Map.of("name", name, "language", "bash", "content", "df -h\nreboot\n"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(list(created.map().get("warnings"))).singleElement().satisfies(w -> {
            assertThat(w.get("rule")).isEqualTo("reboot");
            assertThat(w.get("line")).isEqualTo(2);
        });
        var v2 = server.post(P + "/scripts/" + name + "/versions", Map.of("content", "df -h /\n"));
        assertThat(v2.status()).isEqualTo(201);
        assertThat(v2.map()).containsEntry("version", 2).containsEntry("state", "DRAFT");
        var online = http.putJson(P + "/scripts/" + name + "/versions/2/state", Map.of("state", "online"));
        assertThat(online.status()).as(online.raw()).isEqualTo(200);
        var back = http.putJson(P + "/scripts/" + name + "/versions/2/state", Map.of("state", "DRAFT"));
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.map().get("detail")).asString().contains("Expected script '" + name + "' version 2 to be");
        var diff = server.get(P + "/scripts/" + name + "/diff?from=1&to=2");
        assertThat(diff.map().get("diff")).asString().contains("-df -h", "+df -h /", "-reboot");
        assertThat(server.get(P + "/scripts/" + name).map()).containsEntry("onlineVersion", 2).containsEntry("latestVersion", 2);
        assertThat(server.get(P + "/scripts/nope").status()).isEqualTo(404);
        var blocked = server.post(P + "/scripts", Map.of("name", unique("wipe"), "language", "bash", "content", "ls\nrm -rf /\n"));
        assertThat(blocked.status()).isEqualTo(422);
        assertThat(list(blocked.map().get("problems"))).singleElement().satisfies(p -> {
            assertThat(p.get("line")).isEqualTo(2);
            assertThat(p.get("field")).isEqualTo("content");
        });
        assertThat(http.delete(P + "/scripts/" + name).status()).isEqualTo(204);
    }

    @Test
    void aQuickScriptRunsWithSecretsMaskedAndWaits() {
        var r = server.post(P + "/exec?wait=true", Map.of("language", "bash",
                "content", "echo \"hi $1 $PASS\"\necho '##opsflow:output answer=42'\n", "args", List.of("there"),
                "secrets", Map.of("PASS", "hunter2-XYZ"), "targets", List.of("local"), "timeout", "30s"));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.map()).containsEntry("state", "SUCCEEDED").containsEntry("kind", "script").containsEntry("startedBy", "admin");
        assertThat(JobsHttp.map(r.map().get("origin"))).containsEntry("kind", "api");
        assertThat(r.raw()).doesNotContain("hunter2-XYZ").contains("hi there ******");
        var step = list(r.map().get("steps")).getFirst();
        assertThat(list(step.get("groups"))).singleElement().satisfies(g -> assertThat(g).containsEntry("count", 1));
        assertThat(JobsHttp.map(r.map().get("outputs"))).containsEntry("local", Map.of("answer", "42"));
        var id = (String) r.map().get("id");
        var logs = http.getText(P + "/job-runs/" + id + "/logs");
        assertThat(logs[0]).isEqualTo("200");
        assertThat(logs[1]).startsWith("text/plain");
        assertThat(logs[2]).contains("--- host local attempt 1: SUCCEEDED exit 0", "hi there ******").doesNotContain("hunter2");
        var hosts = server.get(P + "/job-runs/" + id + "/steps/0/hosts?q=HI%20THERE");
        assertThat(hosts.list()).singleElement().satisfies(h -> assertThat(h).containsEntry("exitCode", 0));
        assertThat(server.get(P + "/job-runs?q=hi%20there&kind=script").list()).extracting(m -> m.get("id")).contains(id);
        var retry = server.post(P + "/job-runs/" + id + "/steps/0/retry-failed", null);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.map().get("detail")).isEqualTo("Expected step 0 to be FAILED but was SUCCEEDED");
    }

    @Test
    void aBlockedCommandIsAnswered422WithTheRuleAndLineAndRecorded() {
        var rule = server.post(P + "/dangerous-rules", Map.of("id", unique("no-curl"), "pattern", "curl\\s+-k", "action", "BLOCK",
                "description", "insecure download"));
        assertThat(rule.status()).as(rule.raw()).isEqualTo(201);
        var r = server.post(P + "/exec", Map.of("language", "bash", "content", "echo ok\ncurl -k https://x\n",
                "targets", List.of("local")));
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(list(r.map().get("findings"))).singleElement().satisfies(f -> {
            assertThat((String) f.get("rule")).startsWith("no-curl");
            assertThat(f.get("line")).isEqualTo(2);
        });
        var runId = (String) r.map().get("runId");
        var run = server.get(P + "/job-runs/" + runId).map();
        assertThat(run).containsEntry("state", "BLOCKED").containsEntry("startedBy", "admin");
        assertThat(server.get(P + "/job-runs?state=BLOCKED").list()).extracting(m -> m.get("id")).contains(runId);
        assertThat(list(server.get(P + "/dangerous-rules").map().get("defaults"))).extracting(m -> m.get("id")).contains("rm-rf-root");
    }

    @Test
    void badQueryParametersOfJobRunAndArtifactListsAnswer400NamingTheParameter() {
        var expected = Map.of(
                P + "/job-runs?state=DONE", List.of("state", "state: expected one of RUNNING, PAUSED, WAITING_CONFIRMATION, "
                        + "SUCCEEDED, FAILED, TERMINATED, BLOCKED but got 'DONE'"),
                P + "/job-runs?kind=ansible", List.of("kind", "kind: expected script, file or plan but got 'ansible'"),
                P + "/job-runs?limit=1001", List.of("limit", "limit: must be 1 to 1000 but was 1001"),
                P + "/job-runs?limit=ten", List.of("limit", "limit: expected a whole number but got 'ten'"),
                P + "/artifacts?limit=0", List.of("limit", "limit: must be 1 to 1000 but was 0"),
                P + "/hosts/export?format=xml", List.of("format", "format: expected ini, yaml or csv but got 'xml'"));
        server.assertBadParameters(expected);
        assertThat(server.get(P + "/job-runs?state=succeeded&kind=SCRIPT&limit=1000").status()).isEqualTo(200);
    }

    @Test
    void anUploadedArtifactIsStreamedToDiskAndPushedToTargets() throws Exception {
        var size = 3 * 1024 * 1024 + 17;
        var content = new byte[size];
        for (int i = 0; i < size; i++) content[i] = (byte) (i * 31);
        var up = http.upload(P + "/artifacts?name=blob.bin", () -> (InputStream) new ByteArrayInputStream(content));
        assertThat(up.status()).as(up.raw()).isEqualTo(201);
        var sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(up.map()).containsEntry("size", size).containsEntry("sha256", sha).containsEntry("name", "blob.bin");
        assertThat(server.dataDir.resolve("artifacts").resolve(sha)).hasSize(size);
        var target = Files.createTempDirectory("opsflow-push").resolve("dest");
        var r = server.post(P + "/push?wait=true", Map.of("sources", List.of(Map.of("artifact", up.map().get("id"))),
                "targetDir", target.toString(), "createTargetDir", true, "targets", List.of("local")));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.map()).containsEntry("state", "SUCCEEDED").containsEntry("kind", "file");
        assertThat(Files.readAllBytes(target.resolve("blob.bin"))).isEqualTo(content);
        assertThat(http.upload(P + "/artifacts?name=a/b", () -> new ByteArrayInputStream(new byte[1])).status()).isEqualTo(400);
    }

    @Test
    void aPlanIsValidatedRunAndConfirmed() {
        var name = unique("release");
        var bad = http.putJson(P + "/job-plans/" + name, Map.of("steps", List.of(
                Map.of("kind", "script", "language", "bash", "content", "echo ${ghost}", "args", List.of("${ghost}"),
                        "targets", List.of("local")),
                Map.of("kind", "confirm"))));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(list(bad.map().get("problems"))).extracting(p -> p.get("field"))
                .containsExactlyInAnyOrder("steps[0].args[0]", "steps[1].message");
        var plan = Map.of("variables", List.of(Map.of("name", "who", "type", "string", "default", "world")),
                "steps", List.of(
                        Map.of("kind", "script", "name", "greet", "language", "bash", "content", "echo hello $1\n",
                                "args", List.of("${who}"), "targets", List.of("local")),
                        Map.of("kind", "confirm", "name", "ok?", "message", "Greeted ${who}?"),
                        Map.of("kind", "script", "name", "bye", "language", "sh", "content", "echo bye\n", "targets", List.of("local"))));
        var saved = http.putJson(P + "/job-plans/" + name, plan);
        assertThat(saved.status()).as(saved.raw()).isEqualTo(201);
        assertThat(http.putJson(P + "/job-plans/" + name, plan).status()).isEqualTo(200);
        assertThat(server.get(P + "/job-plans").list()).extracting(m -> m.get("name")).contains(name);
        var run = server.post(P + "/job-plans/" + name + "/run?wait=true", Map.of("variables", Map.of("who", "ops")));
        assertThat(run.status()).as(run.raw()).isEqualTo(201);
        assertThat(run.map()).containsEntry("state", "WAITING_CONFIRMATION").containsEntry("plan", name);
        var id = (String) run.map().get("id");
        var confirmed = server.post(P + "/job-runs/" + id + "/steps/1/confirm", null);
        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
        var done = awaitRun(id, "SUCCEEDED");
        assertThat(list(done.get("steps")).get(1)).containsEntry("confirmedBy", "admin").containsEntry("state", "SUCCEEDED");
        assertThat(server.post(P + "/job-runs/" + id + "/steps/1/confirm", null).status()).isEqualTo(409);
        var badVars = server.post(P + "/job-plans/" + name + "/run", Map.of("variables", Map.of("nope", 1)));
        assertThat(badVars.status()).isEqualTo(422);
        assertThat(http.delete(P + "/job-plans/" + name).status()).isEqualTo(204);
        assertThat(server.get(P + "/job-plans/" + name).status()).isEqualTo(404);
    }

    @Test
    void aJobBodyFieldOfTheWrongTypeIsRefusedWithA400NamingItsPathAndNoRunStarts() {
        var before = server.get(P + "/job-runs?limit=1000").list().size();
        var concurrency = server.post(P + "/exec", Map.of("language", "bash", "content", "echo hi", "targets", List.of("local"),
                "concurrency", "5"));
        assertThat(concurrency.status()).as(concurrency.raw()).isEqualTo(400);
        assertThat(concurrency.map()).containsEntry("field", "concurrency")
                .containsEntry("detail", "concurrency: expected an integer but got a string");
        var version = server.post(P + "/exec", Map.of("script", Map.of("name", "check", "version", 1.5), "targets", List.of("local")));
        assertThat(version.map()).containsEntry("status", 400).containsEntry("field", "script.version")
                .containsEntry("detail", "script.version: expected an integer but got 1.5");
        var target = server.post(P + "/exec", Map.of("language", "bash", "content", "echo hi", "targets", "local"));
        assertThat(target.map()).containsEntry("field", "targets");
        var path = server.post(P + "/push", Map.of("sources", List.of(Map.of("host", "h", "path", 5)), "targetDir", "/tmp",
                "targets", List.of("local")));
        assertThat(path.map()).containsEntry("field", "sources[0].path");
        var create = server.post(P + "/push", Map.of("sources", List.of(Map.of("artifact", "a")), "targetDir", "/tmp",
                "createTargetDir", "yes", "targets", List.of("local")));
        assertThat(create.map()).containsEntry("field", "createTargetDir")
                .containsEntry("detail", "createTargetDir: expected true or false but got a string");
        var batch = server.post(P + "/exec", Map.of("language", "bash", "content", "echo hi", "targets", List.of("local"),
                "rolling", Map.of("batchSize", 1.5)));
        assertThat(batch.map()).containsEntry("field", "rolling.batchSize");
        var plan = server.post(P + "/job-plans/nope/run", Map.of("version", 2.5));
        assertThat(plan.map()).containsEntry("status", 400).containsEntry("field", "version");
        assertThat(server.get(P + "/job-runs?limit=1000").list()).hasSize(before);
    }

    @Test
    void anUnknownHostStateFilterIsA400NamingTheStateParameter() {
        var r = server.post(P + "/exec?wait=true", Map.of("language", "bash", "content", "echo hi", "targets", List.of("local")));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        var id = (String) r.map().get("id");
        for (var path : List.of("/hosts", "/steps/0/hosts")) {
            var bad = server.get(P + "/job-runs/" + id + path + "?state=DONE");
            assertThat(bad.status()).as(path).isEqualTo(400);
            assertThat(bad.map()).containsEntry("field", "state").containsEntry("detail", "state: expected one of PENDING, "
                    + "RUNNING, SUCCEEDED, FAILED, TIMED_OUT, UNREACHABLE, AUTH_FAILED, TERMINATED but got 'DONE'");
        }
        assertThat(server.get(P + "/job-runs/" + id + "/hosts?state=succeeded").list()).hasSize(1);
    }

    @Test
    void aRunningScriptCanBeTerminated() {
        var r = server.post(P + "/exec", Map.of("language", "bash", "content", "echo go\nsleep 60\n", "targets", List.of("local")));
        assertThat(r.status()).isEqualTo(201);
        var id = (String) r.map().get("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.get(P + "/job-runs/" + id + "/hosts?state=RUNNING&q=go").list().isEmpty());
        var t = server.post(P + "/job-runs/" + id + "/terminate", Map.of("reason", "enough"));
        assertThat(t.status()).as(t.raw()).isEqualTo(200);
        var done = awaitRun(id, "TERMINATED");
        assertThat(done.get("error")).asString().contains("terminated by admin: enough");
        assertThat(server.get(P + "/job-runs/nope").status()).isEqualTo(404);
    }
}
