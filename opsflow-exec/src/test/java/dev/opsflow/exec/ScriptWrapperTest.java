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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The script wrapper of {@link ShellQuoting#scriptCommand} run by a real shell on this machine — dash
 * (Debian's {@code sh}) and bash in POSIX mode (the {@code sh} of Red Hat-like hosts) — fed exactly what
 * the client sends ({@link ShellQuoting#wrapperInput}) or a cut-off prefix of it, as a dropped connection
 * would leave it; small scripts (here-document) and large ones (temp file) both.
 */
class ScriptWrapperTest {
    @TempDir
    Path tmp;

    /** The wrapper's shell: {@code sh} is dash here. */
    static List<List<String>> shells() {
        return List.of(List.of("sh", "-c"), List.of("bash", "--posix", "-c"));
    }

    List<String> shell = List.of("sh", "-c");

    ProcessBuilder wrapper(ScriptSpec spec) {
        var command = new java.util.ArrayList<>(shell);
        command.add(ShellQuoting.scriptCommand(spec, null));
        var pb = new ProcessBuilder(command);
        pb.environment().put("TMPDIR", tmp.toString());
        return pb;
    }

    record Run(int exit, String stdout, String stderr) { }

    /**
     * Runs the wrapper with {@code input} on stdin and waits (30 s at most: a deadline, not an expectation). Stdin stays open until the
     * wrapper has ended, as the client keeps it (its early EOF means a lost connection to the watchdog),
     * unless {@code hangUp}: then it is closed right after the input, as a dropped connection does.
     */
    Run run(ScriptSpec spec, byte[] input, boolean hangUp) throws Exception {
        var p = wrapper(spec).start();
        try (var in = p.getOutputStream()) {
            in.write(input);
            in.flush();
            if (!hangUp) assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("wrapper ended").isTrue();
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("wrapper ended").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aCompleteInputRunsTheScriptAndLeavesNoTempFile(List<String> shell) throws Exception {
        this.shell = shell;
        for (var padding : List.of("", "\n# " + "x".repeat(ShellQuoting.INLINE_MAX_BYTES))) {
            var spec = ScriptSpec.bash("echo hello" + padding + "\nexit 7", Duration.ofSeconds(10));
            var r = run(spec, ShellQuoting.wrapperInput(spec), false);
            assertThat(r.exit()).as(r.stderr()).isEqualTo(7);
            assertThat(r.stdout()).isEqualTo("hello\n");
            assertThat(r.stderr()).startsWith(ShellQuoting.PGID_MARKER);
            try (var files = Files.list(tmp)) {
                assertThat(files).as("temp files left behind").isEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aScriptCutOffInTransitRunsNothing(List<String> shell) throws Exception {
        this.shell = shell;
        var marker = tmp.resolve("ran");
        for (int size : new int[]{40, 400, 4000, 8000}) {
            var spec = ScriptSpec.bash("touch '" + marker + "'\n# " + "x".repeat(size) + "\necho done", Duration.ofSeconds(10));
            assertThat(ShellQuoting.inline(spec, ShellQuoting.scriptBytes(spec))).isEqualTo(size < ShellQuoting.INLINE_MAX_BYTES);
            var input = ShellQuoting.wrapperInput(spec);
            int scriptStart = input.length - ShellQuoting.scriptBytes(spec).length;
            // cut right after the export line, inside the script's comment line, inside its last line,
            // and before its final newline
            for (int cut : new int[]{scriptStart, input.length / 2, input.length - 5, input.length - 1}) {
                var r = run(spec, Arrays.copyOf(input, cut), true);
                assertThat(r.exit()).as("%d bytes cut at %d of %d: %s", size, cut, input.length, r.stderr()).isEqualTo(125);
                assertThat(marker).as("a truncated script must not run").doesNotExist();
            }
            var whole = run(spec, input, false);
            assertThat(whole.exit()).isZero();
            assertThat(marker).exists();
            Files.delete(marker);
        }
    }

    @ParameterizedTest
    @MethodSource("shells")
    void theScriptArrivesByteExactWhateverItContains(List<String> shell) throws Exception {
        this.shell = shell;
        // every line a shell could take for something: expansions, quotes, backslashes (also at the end
        // of a line, which read without -r would join), blanks at both ends, an empty line, a line that
        // is the wrapper's here-document delimiter, CR, non-ASCII
        var text = String.join("\n", "$(touch /tmp/opsflow-pwned) `id` ${HOME} $((1+1)) $s $e",
                "'single' \"double\" \\ \\\\ \\n \\", "  leading and trailing  \t", "", "E", "\t", "cr\r",
                "h\u00e9 \u2713 \uD83D\uDE80", "X0");
        for (var padding : List.of("", "#" + "x".repeat(ShellQuoting.INLINE_MAX_BYTES))) {
            var spec = ScriptSpec.bash("cat <<'EOT'\n" + text + "\nEOT\n" + padding, Duration.ofSeconds(10));
            var r = run(spec, ShellQuoting.wrapperInput(spec), false);
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(r.stdout()).isEqualTo(text + "\n");
        }
        assertThat(Path.of("/tmp/opsflow-pwned")).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aScriptThatRunsItselfAgainGetsAFileAndNoScriptLeavesFd4ToItsChildren(List<String> shell) throws Exception {
        this.shell = shell;
        // re-running itself through $0 (as "exec sudo bash $0" does) needs a path it can open again
        var again = ScriptSpec.bash("[ -n \"$AGAIN\" ] || exec env AGAIN=1 bash \"$0\" \"$@\"\necho \"again=$AGAIN\"",
                Duration.ofSeconds(10));
        assertThat(ShellQuoting.inline(again, ShellQuoting.scriptBytes(again))).isFalse();
        var r = run(again, ShellQuoting.wrapperInput(again), false);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("again=1\n");

        // an inline script's children do not inherit the here-document's pipe
        for (var language : List.of(Language.BASH, Language.SH)) {
            var spec = new ScriptSpec(language, "sh -c '[ -e /proc/self/fd/4 ] && echo fd4 open || echo fd4 closed'\necho line 2 of $LINENO",
                    List.of(), Map.of(), Set.of(), Duration.ofSeconds(10));
            assertThat(ShellQuoting.inline(spec, ShellQuoting.scriptBytes(spec))).isTrue();
            var out = run(spec, ShellQuoting.wrapperInput(spec), false);
            assertThat(out.exit()).as(out.stderr()).isZero();
            // the prefix that closes fd 4 sits on line 1: line numbers stay the script's (dash has no LINENO)
            assertThat(out.stdout()).as(language.name()).isEqualTo(language == Language.BASH ? "fd4 closed\nline 2 of 2\n"
                    : "fd4 closed\nline 2 of\n");
        }
    }

    @Test
    void aPythonScriptsDirectoryIsPrivateSoNothingPlantedInTmpIsImported() throws Exception {
        Files.writeString(tmp.resolve("json.py"), "raise SystemExit('planted module imported')\n");
        var spec = new ScriptSpec(Language.PYTHON3, "import sys, json, os\nd = sys.path[0]\n"
                + "print(d != os.environ['TMPDIR'], oct(os.stat(d).st_mode & 0o777))", List.of(), Map.of(), Set.of(),
                Duration.ofSeconds(10));
        var r = run(spec, ShellQuoting.wrapperInput(spec), false);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("True 0o700\n");
        try (var files = Files.list(tmp)) {
            assertThat(files).as("only the planted file is left").containsExactly(tmp.resolve("json.py"));
        }
    }

    @ParameterizedTest
    @MethodSource("shells")
    void argumentsAndALastLineWithoutNewlineReachTheInterpreter(List<String> shell) throws Exception {
        this.shell = shell;
        for (var language : List.of(Language.BASH, Language.SH, Language.PYTHON3, Language.PERL)) {
            var content = switch (language) {
                case PYTHON3 -> "import sys\nprint(' '.join(sys.argv[1:]), end='')";
                case PERL -> "print join(' ', @ARGV);";
                default -> "printf '%s' \"$*\"";
            };
            var spec = new ScriptSpec(language, content, List.of("a b", "$c"), Map.of(), Set.of(), Duration.ofSeconds(10));
            var r = run(spec, ShellQuoting.wrapperInput(spec), false);
            assertThat(r.exit()).as("%s: %s", language, r.stderr()).isZero();
            assertThat(r.stdout()).as(language.name()).isEqualTo("a b $c");
        }
    }

    @Test
    void aHangUpKillsEvenAChildThatIgnoresTerm() throws Exception {
        var pidFile = tmp.resolve("child.pid");
        var spec = ScriptSpec.bash("sh -c 'trap \"\" TERM; exec sleep 60' &\necho $! > '" + pidFile + "'\nwait\n",
                Duration.ofSeconds(120));
        var p = wrapper(spec).start();
        var in = p.getOutputStream();
        in.write(ShellQuoting.wrapperInput(spec));
        in.flush();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        in.close(); // the connection is gone: the watchdog sends TERM, which the child ignores, then KILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
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
        var p = wrapper(spec).start();
        // the wrapper's own command line (it waits for its input, so it is still there) holds no value
        var wrapperArgs = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"));
        assertThat(wrapperArgs).contains("setsid").doesNotContain(secret).doesNotContain("line one");
        try (var in = p.getOutputStream()) {
            in.write(ShellQuoting.wrapperInput(spec));
            in.flush();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        var sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(hostile.getBytes(StandardCharsets.UTF_8)));
        assertThat(out).isEqualTo("found=0\n" + sha + "\n");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void userVariablesNamedLikeTheWrappersOwnChangeNeitherTheWrapperNorEachOther(List<String> shell) throws Exception {
        this.shell = shell;
        var env = new java.util.TreeMap<String, String>();
        for (var name : List.of("e", "f", "i", "l", "p", "s", "w", "nl")) env.put(name, "user " + name);
        env.put("TMPDIR", "/nonexistent/dir"); // the wrapper's temp file must not go there
        env.put("MULTI", "a\nb");
        for (var padding : List.of("", "\n#" + "x".repeat(ShellQuoting.INLINE_MAX_BYTES))) {
            var spec = new ScriptSpec(Language.SH, "for v in e f i l p s w nl TMPDIR MULTI; do eval \"printf '%s=[%s]\\n' $v \\\"\\$$v\\\"\"; done\n"
                    + "env | grep -c '^_OPSFLOW' || true" + padding, List.of(), env, Set.of(), Duration.ofSeconds(10));
            var r = run(spec, ShellQuoting.wrapperInput(spec), false);
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(r.stdout()).isEqualTo("e=[user e]\nf=[user f]\ni=[user i]\nl=[user l]\np=[user p]\ns=[user s]\nw=[user w]\n"
                    + "nl=[user nl]\nTMPDIR=[/nonexistent/dir]\nMULTI=[a\nb]\n0\n");
        }
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
