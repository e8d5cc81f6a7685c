package dev.opsflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.cli.OpsflowCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CLI, run in-process, against a real started server. */
class CliEndToEndTest {
    static TestServer server;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.h2();
        config = Files.createTempDirectory("cli").resolve("cli.json");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int exit, String out, String err) { }

    static Run cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var env = new HashMap<String, String>();
        env.put("OPSFLOW_URL", server.url);
        env.put("OPSFLOW_CONFIG", config.toString());
        env.put("HOME", config.getParent().toString());
        int exit = OpsflowCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.copyOf(env));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static int freePort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void login_then_run_the_release_example_with_live_progress_and_auto_approval() throws Exception {
        var login = cli("login", "--user", "admin", "--password", TestServer.PASSWORD);
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(Files.readString(config)).contains("ofp_");

        var base = Files.createTempDirectory("cli-release");
        var run = cli("task", "run", TestServer.examples().resolve("release.yaml").toString(),
                "--var", "version=4.5.6", "--var", "base_dir=" + base, "--var", "port=" + freePort(),
                "--wait", "--approve", "--logs");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("approve_production").contains("FINISHED").contains("built app-4.5.6");
        assertThat(Files.readString(base.resolve("production/current/VERSION")).trim()).isEqualTo("4.5.6");

        var list = cli("task", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("FINISHED");
    }

    @Test
    void validate_prints_every_problem_with_its_line_and_exits_1() throws Exception {
        cli("login", "--user", "admin", "--password", TestServer.PASSWORD);
        var file = Files.createTempFile("bad", ".yaml");
        Files.writeString(file, """
                name: bad
                nodes:
                  - {id: start, kind: start, next: a}
                  - {id: a, plugin: nope, next: end}
                  - {id: end, kind: end}
                """);
        var r = cli("template", "validate", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains(":4:").contains("'a'");
    }

    @Test
    void a_failed_task_exits_1_and_retry_via_the_cli_finishes_it() throws Exception {
        cli("login", "--user", "admin", "--password", TestServer.PASSWORD);
        var file = Files.createTempFile("fails", ".yaml");
        Files.writeString(file, """
                name: fails
                nodes:
                  - {id: start, kind: start, next: step}
                  - {id: step, plugin: noop, inputs: {fail: "boom"}, next: end}
                  - {id: end, kind: end}
                """);
        var run = cli("task", "run", file.toString(), "--wait");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out() + run.err()).contains("boom");
        var id = run.out().lines().filter(l -> l.startsWith("t_")).findFirst()
                .orElseGet(() -> run.out().replaceAll("(?s).*?(t_[0-9a-z]{20}).*", "$1"));
        var retry = cli("task", "retry", id, "step", "--input", "fail=");
        assertThat(retry.exit()).as(retry.out() + retry.err()).isZero();
        org.awaitility.Awaitility.await().until(() -> cli("task", "status", id).out().contains("FINISHED"));
        var conflict = cli("task", "skip", id, "step");
        assertThat(conflict.exit()).isEqualTo(2);
        assertThat(conflict.err()).contains("Expected");
    }
}
