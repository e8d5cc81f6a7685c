package dev.opsflow.server.jobs.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opsflow.cli.OpsflowCli;
import dev.opsflow.exec.SshdFixture;
import dev.opsflow.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job verbs of the CLI, run in-process against a real server and real sshd hosts. */
class JobCliEndToEndTest {
    static TestServer server;
    static SshdFixture sshd;
    static Path home;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.h2();
        sshd = SshdFixture.start(3);
        home = Files.createTempDirectory("cli-jobs");
        var ini = new StringBuilder("[web]\n");
        for (var h : sshd.hosts()) {
            ini.append(h.name()).append(" ansible_host=").append(h.address()).append(" ansible_port=").append(h.port())
                    .append(" env=test\n");
        }
        Files.writeString(home.resolve("inventory.ini"), ini);
        Files.writeString(home.resolve("client_key"), sshd.clientKey());
        var imported = cli("hosts", "import", home.resolve("inventory.ini").toString());
        assertThat(imported.exit()).as(imported.all()).isZero();
        assertThat(imported.out()).startsWith("imported inventory.ini (ini): hosts 3 created, 0 updated, 0 unchanged; "
                + "groups 1 created, 0 updated, 0 unchanged").contains("created: host1, host2, host3");
        var key = cli("credentials", "add", "ops-key", "--ssh-key", home.resolve("client_key").toString());
        assertThat(key.exit()).as(key.all()).isZero();
        assertThat(key.out()).startsWith("credential ops-key added (ssh-key");
        var account = cli("accounts", "add", "ops", "--os-user", SshdFixture.user(), "--credential", "ops-key");
        assertThat(account.exit()).as(account.all()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        sshd.close();
    }

    static Run cli(String... args) {
        return cli(new ByteArrayOutputStream(), args);
    }

    /** @param out receives stdout as the CLI prints it (read it from another thread while the CLI runs) */
    static Run cli(ByteArrayOutputStream out, String... args) {
        var err = new ByteArrayOutputStream();
        var env = new HashMap<String, String>();
        env.put("OPSFLOW_URL", server.url);
        env.put("OPSFLOW_CONFIG", home.resolve("cli.json").toString());
        env.put("HOME", home.toString());
        env.put("OPSFLOW_USER", "admin");
        env.put("OPSFLOW_PASSWORD", TestServer.PASSWORD);
        int exit = OpsflowCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.copyOf(env));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void hostsListAddAndCheck() {
        var list = cli("hosts", "list", "--selector", "group.web=true");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("host1").contains("127.0.0.2").contains("env=test");

        var add = cli("hosts", "add", "spare", "127.0.0.9", "--port", "2222", "--label", "role=spare");
        assertThat(add.exit()).as(add.all()).isZero();
        assertThat(add.out()).isEqualTo("host spare added (127.0.0.9:2222)\n");

        var check = cli("hosts", "check", "host1", "--account", "ops");
        assertThat(check.exit()).as(check.all()).isZero();
        assertThat(check.out()).startsWith("host1: OK (Linux");
        var unreachable = cli("hosts", "check", "spare", "--account", "ops", "--timeout", "2");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.out()).startsWith("spare: UNREACHABLE");
    }

    @Test
    void execOnAGroupShowsEachHostAndOneGroupAndExitsZero() {
        var r = cli("exec", "--hosts", "group:web", "--account", "ops", "--", "hostname; echo ok");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("host1  SUCCEEDED    exit 0").contains("host3  SUCCEEDED    exit 0");
        var summary = r.out().lines().dropWhile(l -> !l.startsWith("run r_")).toList();
        assertThat(summary.get(0)).matches("run r_\\w+ SUCCEEDED: 3 hosts, 3 succeeded, 0 failed");
        assertThat(summary).hasSize(2);
        assertThat(summary.get(1)).contains("3 hosts  SUCCEEDED    exit 0   \"ok\"");
    }

    @Test
    void execPrintsAHostAsSoonAsItEndsWhileTheOthersStillRun() throws Exception {
        var dir = Files.createTempDirectory("cli-early");
        // the host that wins the mkdir ends at once with exit 3; the other runs until 'go' exists
        var script = "if mkdir " + dir + "/first 2>/dev/null; then exit 3; fi\n"
                + "for i in $(seq 600); do [ -e " + dir + "/go ] && break; sleep 0.05; done; echo late\n";
        var out = new ByteArrayOutputStream();
        var run = new java.util.concurrent.CompletableFuture<Run>();
        Thread.ofVirtual().start(() -> run.complete(cli(out, "exec", "--hosts", "host1,host2", "--account", "ops",
                "--timeout", "60s", "--", script)));

        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).contains("FAILED"));
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("host[12]  FAILED       exit 3")
                .doesNotContain("SUCCEEDED");
        Files.writeString(dir.resolve("go"), "");
        var r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).containsPattern("host[12]  SUCCEEDED    exit 0").contains("FAILED: 2 hosts, 1 succeeded, 1 failed");
    }

    @Test
    void aFailingCommandExitsOneWithItsGroup() {
        var r = cli("exec", "--hosts", "host1,host2", "--account", "ops", "--timeout", "30s", "--",
                "echo 'no such service' >&2; exit 3");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED: 2 hosts, 0 succeeded, 2 failed")
                .contains("2 hosts  FAILED       exit 3   \"no such service\"  host1, host2");
    }

    @Test
    void pushUploadsChecksAndDistributesAFile() throws Exception {
        var file = home.resolve("app.tar.gz");
        var bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(file, bytes);
        var target = Files.createTempDirectory("cli-push").resolve("opt/app");

        var r = cli("push", file.toString(), "--to", "host2:" + target, "--account", "ops", "--create-dir");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.err()).contains("uploaded app.tar.gz (300000 bytes, sha256 ");
        assertThat(r.out()).contains("SUCCEEDED: 1 host, 1 succeeded, 0 failed");
        var sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target.resolve("app.tar.gz"))));
        assertThat(sha).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));

        var missing = cli("push", home.resolve("nope.bin").toString(), "--to", "host2:/tmp");
        assertThat(missing.exit()).isEqualTo(2);
    }

    @Test
    void jobRunWaitsForThePlanAndRunsAndLogsShowIt() {
        var plan = server.post(SshHosts.P + "/job-plans", Map.of("name", "hello",
                "variables", List.of(Map.of("name", "who", "type", "string", "required", true)),
                "steps", List.of(Map.of("kind", "script", "name", "greet", "language", "bash",
                        "content", "echo \"hello $1 from $(id -un)\"", "args", List.of("${who}"),
                        "targets", List.of("group:web"), "account", "ops"))));
        assertThat(plan.status()).as(plan.raw()).isEqualTo(201);

        var r = cli("job", "run", "hello", "--var", "who=bob", "--wait");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("SUCCEEDED: 3 hosts, 3 succeeded, 0 failed").contains("\"hello bob from " + SshdFixture.user() + "\"");
        var runId = r.err().replaceAll("(?s).*run (r_\\w+) started.*", "$1");

        var runs = cli("job", "runs", "--q", "hello bob");
        assertThat(runs.exit()).isZero();
        assertThat(runs.out()).contains(runId).contains("SUCCEEDED").contains("(cli)");
        var logs = cli("job", "logs", runId);
        assertThat(logs.exit()).isZero();
        assertThat(logs.out()).contains("--- host host1 attempt 1: SUCCEEDED exit 0").contains("hello bob");

        var bad = cli("job", "run", "hello");
        assertThat(bad.exit()).as(bad.all()).isEqualTo(2);
    }
}
