package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accounts with a sudo user, against a real sshd: the script, its timeout kill and a file push all
 * run as that user. Needs sudo and root (as in CI, where {@code .ci/run} installs sudo); skipped
 * elsewhere.
 */
class SudoTest {
    static SshdFixture sshd;
    static HostExecutor executor;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/sudo"))).as("sudo installed").isTrue();
        assumeThat(System.getProperty("user.name")).as("tests run as root").isEqualTo("root");
        sshd = SshdFixture.start(1);
        executor = new HostExecutor(KnownHosts.inMemory(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (executor != null) executor.close();
        if (sshd != null) sshd.close();
    }

    private static Account as(String sudoUser) throws Exception {
        var login = sshd.account();
        return new Account("sudo-" + sudoUser, login.user(), login.credential(), sudoUser);
    }

    private static HostResult run(String sudoUser, ScriptSpec spec) throws Exception {
        return executor.runScript(sshd.hosts, as(sudoUser), spec, RunOptions.defaults(), null).done()
                .get(60, TimeUnit.SECONDS).getFirst();
    }

    @Test
    void theScriptRunsAsTheSudoUser() throws Exception {
        var r = run("nobody", ScriptSpec.bash("id -un", Duration.ofSeconds(30)));

        assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED);
        assertThat(r.stdout()).isEqualTo("nobody\n");
    }

    @Test
    void aTimeoutKillsTheSudoUsersProcessGroup() throws Exception {
        var r = run("nobody", ScriptSpec.bash("sleep 300 &\necho \"##opsflow:output pid=$!\"\nwait", Duration.ofSeconds(2)));

        assertThat(r.state()).as(r.toString()).isEqualTo(HostState.TIMED_OUT);
        long pid = Long.parseLong((String) r.outputs().get("pid"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ScriptRunTest.processGone(pid));
    }

    @Test
    void anUnknownSudoUserFailsTheHostWithSudosMessage() throws Exception {
        var r = run("no-such-user-opsflow", ScriptSpec.bash("echo never", Duration.ofSeconds(30)));

        assertThat(r.state()).as(r.toString()).isEqualTo(HostState.FAILED);
        assertThat(r.stdout()).doesNotContain("never");
        assertThat(r.stderr()).contains("no-such-user-opsflow");
    }

    @Test
    void aPushedFileBelongsToTheSudoUser() throws Exception {
        var dir = Files.createTempDirectory(Path.of("/tmp"), "opsflow-sudo");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            var source = FilePushTest.upload(dir, "app.conf", 3000);
            var target = dir.resolve("target");
            var r = executor.pushFiles(sshd.hosts, as("nobody"), new FileSpec(List.of(source), target.toString(), true,
                    DuplicatePolicy.OVERWRITE, 0, Duration.ofMinutes(1)), RunOptions.defaults(), null).done()
                    .get(60, TimeUnit.SECONDS).getFirst();

            assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED);
            assertThat(Files.getOwner(target.resolve("app.conf")).getName()).isEqualTo("nobody");
            assertThat(FilePushTest.sha256(target.resolve("app.conf"))).isEqualTo(source.sha256());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
