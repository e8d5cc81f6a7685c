package dev.opsflow.server.jobs.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opsflow.exec.SshdFixture;
import dev.opsflow.server.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flows whose nodes run jobs on real sshd hosts: job_script with grouped results, and examples/release-ssh.yaml. */
class JobFlowEndToEndTest {
    static final String P = SshHosts.P;
    static TestServer server;
    static SshdFixture sshd;
    static List<String> hosts;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.h2();
        sshd = SshdFixture.start(3);
        hosts = SshHosts.register(server, sshd, "web", "web");
        SshHosts.account(server, sshd);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        sshd.close();
    }

    static String startTask(String template, Map<String, Object> variables) {
        var r = server.post(P + "/tasks", Map.of("template", template, "variables", variables, "start", true));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return (String) r.map().get("id");
    }

    static Map<String, Object> awaitTask(String id, String state) {
        awaitTask(id, () -> state.equals(server.get("/api/v1/tasks/" + id).map().get("state")));
        return server.get("/api/v1/tasks/" + id).map();
    }

    /** Waits for {@code condition}; on timeout the failure shows the task's nodes (states, errors). */
    static void awaitTask(String id, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("task " + id + ": " + server.get("/api/v1/tasks/" + id).raw(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> node(Map<String, Object> task, String nodeId) {
        return ((List<Map<String, Object>>) task.get("nodes")).stream().filter(n -> nodeId.equals(n.get("id"))).findFirst()
                .orElseThrow();
    }

    static void apply(String name, String yaml) {
        var r = server.put(P + "/templates/" + name, yaml);
        assertThat(r.status()).as(r.raw()).isIn(200, 201);
    }

    @Test
    @SuppressWarnings("unchecked")
    void revokingTheTaskTerminatesTheJobRunOfItsWaitingNode() {
        apply("long-job", """
                name: long-job
                nodes:
                  - {id: start, kind: start, next: work}
                  - id: work
                    plugin: job_script
                    inputs:
                      targets: [role=web]
                      account: ops
                      content: sleep 120
                    next: end
                  - {id: end, kind: end}
                """);
        var id = startTask("long-job", Map.of());
        awaitTask(id, () -> "WAITING".equals(node(server.get("/api/v1/tasks/" + id).map(), "work").get("state")));
        var revoke = server.post("/api/v1/tasks/" + id + "/revoke", Map.of("reason", "wrong window"));
        assertThat(revoke.status()).as(revoke.raw()).isEqualTo(200);
        var runId = server.get(P + "/job-runs?limit=50").list().stream()
                .filter(r -> id.equals(((Map<String, Object>) r.get("origin")).get("taskId")))
                .map(r -> (String) r.get("id")).findFirst().orElseThrow();
        awaitTask(id, () -> "TERMINATED".equals(server.get(P + "/job-runs/" + runId).map().get("state")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJobScriptNodeRunsOnThreeSshHostsAndPublishesTheGroupedResults() {
        apply("fleet-uptime", """
                name: fleet-uptime
                inputs:
                  servers: {type: hosts, default: [role=web]}
                nodes:
                  - {id: start, kind: start, next: uptime}
                  - id: uptime
                    plugin: job_script
                    inputs:
                      targets: "${servers}"
                      account: ops
                      content: |
                        hostname > /dev/null
                        echo ok
                        echo "##opsflow:output user=$(id -un)"
                    next: end
                  - {id: end, kind: end}
                """);
        var task = awaitTask(startTask("fleet-uptime", Map.of()), "FINISHED");

        var out = (Map<String, Object>) node(task, "uptime").get("outputs");
        assertThat(out).containsEntry("state", "SUCCEEDED").containsEntry("total", 3).containsEntry("succeeded", 3)
                .containsEntry("failed", 0);
        var groups = (List<Map<String, Object>>) out.get("groups");
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g).containsEntry("state", "SUCCEEDED").containsEntry("exit_code", 0).containsEntry("count", 3);
            assertThat((List<String>) g.get("hosts")).containsExactlyInAnyOrderElementsOf(hosts);
            assertThat((String) g.get("sample_stdout")).startsWith("ok\n");
        });
        assertThat((Map<String, Map<String, Object>>) out.get("hosts")).containsOnlyKeys(hosts)
                .allSatisfy((h, o) -> assertThat(o).containsEntry("user", SshdFixture.user()));

        var run = server.get(P + "/job-runs/" + out.get("run_id")).map();
        assertThat((Map<String, Object>) run.get("origin")).containsEntry("kind", "flow").containsEntry("nodeId", "uptime")
                .containsEntry("taskId", task.get("id"));
        assertThat(run).containsEntry("startedBy", "admin");
    }

    @Test
    void aFailingHostFailsTheNodeUnlessFailWhenToleratesIt() {
        apply("fleet-partial", """
                name: fleet-partial
                inputs:
                  policy: {type: string, default: any}
                nodes:
                  - {id: start, kind: start, next: check}
                  - id: check
                    plugin: job_script
                    inputs:
                      targets: "role=web"
                      account: ops
                      fail_when: "${policy}"
                      content: |
                        case "$SSH_CONNECTION" in *' 127.0.0.2 '*) echo "disk full" >&2; exit 4;; esac
                        echo fine
                    next: end
                  - {id: end, kind: end}
                """);
        var failed = awaitTask(startTask("fleet-partial", Map.of()), "FAILED");
        assertThat((String) node(failed, "check").get("error"))
                .isEqualTo("1 of 3 hosts did not succeed (fail_when any): 1 FAILED exit 4 [web2]");

        var tolerated = awaitTask(startTask("fleet-partial", Map.of("policy", "percent:50")), "FINISHED");
        assertThat(node(tolerated, "check").get("outputs")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("failed", 1).containsEntry("state", "FAILED");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSshReleaseExampleShipsToTwoHostsAfterApproval() throws Exception {
        apply("release-ssh", TestServer.example("release-ssh.yaml"));
        var remote = Files.createTempDirectory("release-ssh-remote");
        var id = startTask("release-ssh", releaseVariables(remote, false));

        awaitTask(id, () ->
                "WAITING".equals(node(server.get("/api/v1/tasks/" + id).map(), "approve_production").get("state")));
        var approve = server.post("/api/v1/tasks/" + id + "/nodes/approve_production/approve", Map.of("comment", "ship it"));
        assertThat(approve.status()).as(approve.raw()).isEqualTo(200);
        var task = awaitTask(id, "FINISHED");

        assertThat(node(task, "health").get("outputs")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status_code", 200);
        assertThat(node(task, "rollback").get("state")).isIn("PENDING", "SKIPPED");
        for (var addr : List.of("127.0.0.1", "127.0.0.2")) {
            assertThat(Files.readString(remote.resolve(addr + "/production/VERSION")).trim()).isEqualTo("2.0.0");
            assertThat(remote.resolve(addr + "/service.pid")).doesNotExist();
        }
        assertThat(remote.resolve("127.0.0.3")).doesNotExist();
        assertThat((Map<String, Object>) task.get("outputs")).containsEntry("healthy", true).containsEntry("hosts", 2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSshReleaseExampleRollsBackWhenTheHealthCheckFails() throws Exception {
        apply("release-ssh", TestServer.example("release-ssh.yaml"));
        var remote = Files.createTempDirectory("release-ssh-rollback");
        var task = awaitTask(startTask("release-ssh", releaseVariables(remote, true)), "FINISHED");

        assertThat(node(task, "health").get("state")).isEqualTo("FAILED");
        var rollback = (Map<String, Object>) node(task, "rollback").get("outputs");
        assertThat(rollback).containsEntry("succeeded", 2);
        assertThat((Map<String, Map<String, Object>>) rollback.get("hosts")).hasSize(2)
                .allSatisfy((h, o) -> assertThat(o).containsEntry("rolled_back_to", "0.9.0"));
        for (var addr : List.of("127.0.0.1", "127.0.0.2")) {
            assertThat(Files.readString(remote.resolve(addr + "/current/VERSION")).trim()).isEqualTo("0.9.0");
            assertThat(remote.resolve(addr + "/production")).doesNotExist();
        }
        assertThat((Map<String, Object>) task.get("outputs")).containsEntry("healthy", false);
    }

    private static Map<String, Object> releaseVariables(Path remote, boolean broken) throws Exception {
        return Map.of("version", "2.0.0", "targets", List.of(hosts.get(0), hosts.get(1)), "account", "ops",
                "base_dir", Files.createTempDirectory("release-ssh-build").toString(), "remote_dir", remote.toString(),
                "port", freePort(), "push_concurrency", 1, "break_health", broken);
    }

    static int freePort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
