package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script wrapper of {@link ShellQuoting#scriptCommand} run by a real {@code sh} on this machine,
 * fed exactly what the client sends ({@link ShellQuoting#wrapperInput}) or a cut-off prefix of it, as a
 * dropped connection would leave it.
 */
class ScriptWrapperTest {
    @TempDir
    Path tmp;

    record Run(int exit, String stdout, String stderr) { }

    /**
     * Runs the wrapper with {@code input} on stdin and waits (10 s at most). Stdin stays open until the
     * wrapper has ended, as the client keeps it (its early EOF means a lost connection to the watchdog),
     * unless {@code hangUp}: then it is closed right after the input, as a dropped connection does.
     */
    Run run(ScriptSpec spec, byte[] input, boolean hangUp) throws Exception {
        var pb = new ProcessBuilder("sh", "-c", ShellQuoting.scriptCommand(spec, null));
        pb.environment().put("TMPDIR", tmp.toString());
        var p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(input);
            in.flush();
            if (!hangUp) assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("wrapper ended").isTrue();
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("wrapper ended").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aCompleteInputRunsTheScriptAndLeavesNoTempFile() throws Exception {
        var spec = ScriptSpec.bash("echo hello\nexit 7", Duration.ofSeconds(10));
        var r = run(spec, ShellQuoting.wrapperInput(spec), false);
        assertThat(r.exit()).as(r.stderr()).isEqualTo(7);
        assertThat(r.stdout()).isEqualTo("hello\n");
        assertThat(r.stderr()).startsWith(ShellQuoting.PGID_MARKER);
        try (var files = Files.list(tmp)) {
            assertThat(files).as("temp files left behind").isEmpty();
        }
    }

    @Test
    void aScriptCutOffInTransitRunsNothing() throws Exception {
        var marker = tmp.resolve("ran");
        var spec = ScriptSpec.bash("touch '" + marker + "'\n# " + "x".repeat(4000) + "\necho done", Duration.ofSeconds(10));
        var input = ShellQuoting.wrapperInput(spec);
        // cut inside the script's comment line, inside its last line, and before its final newline
        for (int cut : new int[]{input.length / 2, input.length - 5, input.length - 1}) {
            var r = run(spec, Arrays.copyOf(input, cut), true);
            assertThat(r.exit()).as("cut at %d of %d: %s", cut, input.length, r.stderr()).isEqualTo(125);
            assertThat(marker).as("a truncated script must not run").doesNotExist();
        }
        var whole = run(spec, input, false);
        assertThat(whole.exit()).isZero();
        assertThat(marker).exists();
    }

    @Test
    void aHangUpKillsEvenAChildThatIgnoresTerm() throws Exception {
        var pidFile = tmp.resolve("child.pid");
        var spec = ScriptSpec.bash("sh -c 'trap \"\" TERM; exec sleep 60' &\necho $! > '" + pidFile + "'\nwait\n",
                Duration.ofSeconds(120));
        var pb = new ProcessBuilder("sh", "-c", ShellQuoting.scriptCommand(spec, null));
        pb.environment().put("TMPDIR", tmp.toString());
        var p = pb.start();
        var in = p.getOutputStream();
        in.write(ShellQuoting.wrapperInput(spec));
        in.flush();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        in.close(); // the connection is gone: the watchdog sends TERM, which the child ignores, then KILL
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void environmentValuesArriveExactlyAndNeverOnACommandLine() throws Exception {
        var secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
        var hostile = "line one\nline 'two' \"three\" $(id) `id` \\ $HOME\n\ttab\n";
        // lists every process's command line and reports whether the secret is in one of them; the
        // needle comes from the environment, so this script's own command line does not contain it
        var spec = new ScriptSpec(Language.BASH, """
                found=0
                for c in /proc/[0-9]*/cmdline; do
                  args=$(tr '\\0' ' ' < "$c" 2>/dev/null) || continue
                  case "$args" in *"$SECRET"*) found=1 ;; esac
                done
                echo "found=$found"
                printf '%s' "$HOSTILE" | sha256sum | cut -d' ' -f1
                """, List.of(), Map.of("SECRET", secret, "HOSTILE", hostile, "EMPTY", ""), Set.of(secret),
                Duration.ofSeconds(10));
        var pb = new ProcessBuilder("sh", "-c", ShellQuoting.scriptCommand(spec, null));
        pb.environment().put("TMPDIR", tmp.toString());
        var p = pb.start();
        // the wrapper's own command line (it waits for its input, so it is still there) holds no value
        var wrapperArgs = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"));
        assertThat(wrapperArgs).contains("umask").doesNotContain(secret).doesNotContain("line one");
        try (var in = p.getOutputStream()) {
            in.write(ShellQuoting.wrapperInput(spec));
            in.flush();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        var sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(hostile.getBytes(StandardCharsets.UTF_8)));
        assertThat(out).isEqualTo("found=0\n" + sha + "\n");
    }

    @Test
    void userVariablesNamedLikeTheWrappersOwnChangeNeitherTheWrapperNorEachOther() throws Exception {
        var env = new java.util.TreeMap<String, String>();
        for (var name : List.of("e", "f", "l", "p", "s", "w", "nl")) env.put(name, "user " + name);
        env.put("TMPDIR", "/nonexistent/dir"); // the wrapper's temp file must not go there
        env.put("MULTI", "a\nb");
        var spec = new ScriptSpec(Language.SH, "for v in e f l p s w nl TMPDIR MULTI; do eval \"printf '%s=[%s]\\n' $v \\\"\\$$v\\\"\"; done\n"
                + "env | grep -c '^_OPSFLOW' || true", List.of(), env, Set.of(), Duration.ofSeconds(10));
        var r = run(spec, ShellQuoting.wrapperInput(spec), false);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("e=[user e]\nf=[user f]\nl=[user l]\np=[user p]\ns=[user s]\nw=[user w]\n"
                + "nl=[user nl]\nTMPDIR=[/nonexistent/dir]\nMULTI=[a\nb]\n0\n");
    }

    @Test
    void theWrappersOwnVariablePrefixIsReserved() {
        assertThatThrownBy(() -> new ScriptSpec(Language.SH, "true", List.of(), Map.of("_OPSFLOW_ENV", "x"), Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void theExportLineQuotesEveryValueAndKeepsOneLine() {
        assertThat(ShellQuoting.exportLine(Map.of())).isEqualTo(":");
        assertThat(ShellQuoting.exportLine(Map.of("B", "it's", "A", "x\ny")))
                .isEqualTo("export A='x'\"$nl\"'y' B='it'\\''s'")
                .doesNotContain("\n");
    }
}
