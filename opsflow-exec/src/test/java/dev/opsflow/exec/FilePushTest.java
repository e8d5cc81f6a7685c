package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePushTest {
    static SshdFixture sshd;
    static HostExecutor executor;
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        sshd = SshdFixture.start(3);
        executor = new HostExecutor(KnownHosts.inMemory(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        executor.close();
        sshd.close();
    }

    static FileSource.Uploaded upload(Path dir, String name, long size) throws Exception {
        var file = dir.resolve("upload-" + name);
        var digest = MessageDigest.getInstance("SHA-256");
        var random = new Random(42);
        var buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                random.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                digest.update(buf, 0, n);
            }
        }
        return new FileSource.Uploaded(name, file, size, HexFormat.of().formatHex(digest.digest()));
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private List<HostResult> push(List<Host> targets, FileSpec spec) throws Exception {
        return executor.pushFiles(targets, sshd.account(), spec, RunOptions.defaults(), null).done().get(120, TimeUnit.SECONDS);
    }

    @Test
    void aTwentyMebibyteFileReachesThreeHostsVerified() throws Exception {
        var source = upload(tmp, "big.bin", 20L * 1024 * 1024);
        var targetDir = tmp.resolve("targets/a/b");  // all sshd hosts are this machine: one dir per host
        var results = push(sshd.hosts, new FileSpec(List.of(source), targetDir.toString(), true,
                DuplicatePolicy.OVERWRITE, 0, Duration.ofMinutes(2)));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED);
            assertThat(r.stdout()).isEqualTo(targetDir + "/big.bin " + source.size() + " " + source.sha256() + "\n");
        });
        assertThat(sha256(targetDir.resolve("big.bin"))).isEqualTo(source.sha256());
    }

    @Test
    void aMissingTargetDirectoryFailsWhenNotToBeCreated() throws Exception {
        var source = upload(tmp, "small.txt", 100);
        var missing = tmp.resolve("nope").toString();
        var results = push(List.of(sshd.hosts.getFirst(), Host.local()),
                new FileSpec(List.of(source), missing, false, DuplicatePolicy.OVERWRITE, 0, null));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(HostState.FAILED);
            assertThat(r.error()).isEqualTo("target directory " + missing + " does not exist");
        });
    }

    @Test
    void aBigUploadToAMissingTargetDirectoryFailsWithTheReasonNotABrokenPipe() throws Exception {
        // the command exits before reading stdin while the paced stdin waits for window (PacedExecChannel)
        var source = upload(tmp, "big-refused.bin", 4L * 1024 * 1024);
        var missing = tmp.resolve("nope-big").toString();
        var results = push(List.of(sshd.hosts.getFirst()),
                new FileSpec(List.of(source), missing, false, DuplicatePolicy.OVERWRITE, 0, Duration.ofMinutes(1)));

        assertThat(results.getFirst().state()).isEqualTo(HostState.FAILED);
        assertThat(results.getFirst().error()).isEqualTo("target directory " + missing + " does not exist");
    }

    @Test
    void remoteSourcesFromTwoHostsLandInPerSourceHostSubdirectories() throws Exception {
        var srcDir = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(srcDir.resolve("app.log"), "log content\n");
        Files.writeString(srcDir.resolve("db.log"), "db content\n");
        Files.writeString(srcDir.resolve("ignored.txt"), "not matched\n");
        var s1 = sshd.hosts.get(0);
        var s2 = sshd.hosts.get(1);
        var sources = List.<FileSource>of(new FileSource.RemoteFiles(s1, sshd.account(), srcDir + "/*.log"),
                new FileSource.RemoteFiles(s2, sshd.account(), srcDir + "/app.log"));
        var target = tmp.resolve("collected");

        var results = push(List.of(sshd.hosts.get(2), Host.local()),
                new FileSpec(sources, target.toString(), true, DuplicatePolicy.PER_SOURCE_HOST_SUBDIR, 0, null));

        assertThat(results).allSatisfy(r -> assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED));
        assertThat(results.getFirst().stdout().lines()).hasSize(3);
        assertThat(target.resolve("host1/app.log")).hasContent("log content");
        assertThat(target.resolve("host1/db.log")).hasContent("db content");
        assertThat(target.resolve("host2/app.log")).hasContent("log content");
        assertThat(target.resolve("host1/ignored.txt")).doesNotExist();
        assertThat(target.resolve("host2/db.log")).doesNotExist();
    }

    @Test
    void theBandwidthLimitSlowsTheUpload() throws Exception {
        var source = upload(tmp, "throttled.bin", 2L * 1024 * 1024);
        long limit = 4L * 1024 * 1024;
        long start = System.nanoTime();
        var results = push(List.of(sshd.hosts.getFirst()), new FileSpec(List.of(source), tmp.resolve("slow").toString(),
                true, DuplicatePolicy.OVERWRITE, limit, null));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(results.getFirst().state()).isEqualTo(HostState.SUCCEEDED);
        assertThat(Files.size(tmp.resolve("slow/throttled.bin"))).isEqualTo(source.size());
        long minimumMs = source.size() * 1000 / limit; // 500 ms; the first slice is free, so allow 1/10 s
        assertThat(elapsedMs).isGreaterThanOrEqualTo(minimumMs - 100);
    }

    @Test
    void anUnreachableSourceHostFailsEveryTargetWithTheReason() throws Exception {
        var dead = Host.ssh("dead", "127.0.0.1", 1);
        var results = push(List.of(sshd.hosts.getFirst()), new FileSpec(
                List.of(new FileSource.RemoteFiles(dead, sshd.account(), "/etc/hostname")), tmp.toString(), true,
                DuplicatePolicy.OVERWRITE, 0, null));

        assertThat(results.getFirst().state()).isEqualTo(HostState.FAILED);
        assertThat(results.getFirst().error()).startsWith("source host: cannot connect to 127.0.0.1:1");
    }
}
