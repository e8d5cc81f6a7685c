package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload command run by a real {@code sh}: it hashes with openssl when it is there and falls back to
 * sha256sum, with the same output, and never replaces the target's file with a short or wrong copy.
 */
class UploadCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aLargeFileIsHashedWithOpensslOrWithoutItBySha256sum() throws Exception {
        var data = new byte[(int) ShellQuoting.OPENSSL_HASH_MIN_BYTES + 5];
        new Random(3).nextBytes(data);
        var expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

        var withOpenssl = run(data, binDir("with", List.of("cat", "mv", "mkdir", "mktemp", "rm", "wc", "sha256sum", "openssl")));
        var withoutOpenssl = run(data, binDir("without", List.of("cat", "mv", "mkdir", "mktemp", "rm", "wc", "sha256sum")));

        assertThat(withOpenssl).startsWith(expected + " *stdin"); // openssl dgst -r
        assertThat(withoutOpenssl).startsWith(expected + "  -");  // sha256sum
        assertThat(tmp.resolve("t/with/f.bin")).hasBinaryContent(data);
        assertThat(tmp.resolve("t/without/f.bin")).hasBinaryContent(data);
    }

    @Test
    void aStreamThatEndsEarlyOrAWrongCopyLeavesTheTargetsFileAsItWas() throws Exception {
        var dir = Files.createDirectories(tmp.resolve("keep"));
        var target = dir.resolve("f.bin");
        Files.writeString(target, "the good old file");
        var data = new byte[4096];
        new Random(5).nextBytes(data);
        var sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

        var shortStream = upload(dir, data.length, null, java.util.Arrays.copyOf(data, 10));
        assertThat(shortStream.exit()).isEqualTo(8);
        assertThat(shortStream.stderr()).contains("10 of 4096 bytes");
        var wrongCopy = upload(dir, data.length, sha.replace(sha.charAt(0), sha.charAt(0) == 'a' ? 'b' : 'a'), data);
        assertThat(wrongCopy.exit()).isEqualTo(9);
        assertThat(target).hasContent("the good old file");
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").containsExactly(target);
        }

        assertThat(upload(dir, data.length, sha, data).exit()).isZero();
        assertThat(target).hasBinaryContent(data);
    }

    private record Outcome(int exit, String stderr) { }

    private Outcome upload(Path dir, long size, String sha, byte[] sent) throws Exception {
        var command = ShellQuoting.uploadCommand(dir.toString(), false, dir.toString(), dir.resolve("f.bin").toString(),
                size, sha);
        var p = new ProcessBuilder("/bin/sh", "-c", command).start();
        try (var in = p.getOutputStream()) {
            in.write(sent);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A PATH holding only the given tools (scripts that exec the real ones: no links out of the temp dir). */
    private Path binDir(String name, List<String> tools) throws Exception {
        var bin = Files.createDirectories(tmp.resolve("bin-" + name));
        for (var tool : tools) {
            var real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + tool)).filter(Files::isExecutable).findFirst();
            assumeTrue(real.isPresent(), tool + " is not installed");
            var script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\nexec " + real.get() + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        return bin;
    }

    private String run(byte[] data, Path bin) throws Exception {
        var dir = tmp.resolve("t/" + bin.getFileName().toString().substring(4));
        var command = ShellQuoting.uploadCommand(tmp.resolve("t").toString(), true, dir.toString(),
                dir.resolve("f.bin").toString(), data.length, null);
        var pb = new ProcessBuilder("/bin/sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PATH", bin.toString());
        var p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(data);
        }
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
