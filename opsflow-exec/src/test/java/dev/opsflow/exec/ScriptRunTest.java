package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScriptRunTest {
    static SshdFixture sshd;
    static HostExecutor executor;

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

    static List<HostResult> run(List<Host> hosts, ScriptSpec spec, RunOptions options) throws Exception {
        return executor.runScript(hosts, sshd.account(), spec, options, null).done().get(60, TimeUnit.SECONDS);
    }

    static HostResult runOn(Host host, ScriptSpec spec) throws Exception {
        return run(List.of(host), spec, RunOptions.defaults()).getFirst();
    }

    static boolean processGone(long pid) {
        var stat = Path.of("/proc/" + pid + "/stat");
        try {
            // a zombie (state Z) waiting for its reaper is dead too
            return !Files.exists(stat) || Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("Z");
        } catch (Exception e) {
            return true;
        }
    }

    @Test
    void aScriptRunsOnThreeSshHostsAndLocallyWithLiveOutput() throws Exception {
        var targets = new ArrayList<>(sshd.hosts);
        targets.add(Host.local());
        var lines = new CopyOnWriteArrayList<String>();
        var states = new CopyOnWriteArrayList<String>();
        var listener = new ExecutionListener() {
            @Override
            public void output(String host, String stream, String line) {
                lines.add(host + ":" + stream + ":" + line);
            }

            @Override
            public void hostStateChanged(String host, HostState state, String message) {
                states.add(host + ":" + state);
            }
        };
        var results = executor.runScript(targets, sshd.account(), ScriptSpec.bash("echo hello; echo oops >&2; exit 0", Duration.ofSeconds(30)),
                RunOptions.defaults(), listener).done().get(60, TimeUnit.SECONDS);

        assertThat(results).extracting(HostResult::host).containsExactly("host1", "host2", "host3", "local");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED);
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).isEqualTo("hello\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
            assertThat(r.outputDigest()).hasSize(64);
            assertThat(r.startedAt()).isBeforeOrEqualTo(r.finishedAt());
        });
        assertThat(lines).contains("host1:stdout:hello", "local:stderr:oops").noneMatch(l -> l.contains("pgid"));
        assertThat(states).contains("host2:RUNNING", "host2:SUCCEEDED");
        assertThat(ResultGroups.group(results)).hasSize(1);
    }

    @Test
    void aListenerGetsEachHostsFinalResultOnceAfterItsLastLine() throws Exception {
        var targets = new ArrayList<>(sshd.hosts);
        targets.add(Host.local());
        var events = new CopyOnWriteArrayList<String>();
        var finished = new CopyOnWriteArrayList<HostResult>();
        var listener = new ExecutionListener() {
            @Override
            public void output(String host, String stream, String line) {
                events.add(host + ":" + line);
            }

            @Override
            public void hostStateChanged(String host, HostState state, String message) {
                events.add(host + ":" + state);
            }

            @Override
            public void hostFinished(HostResult result) {
                events.add(result.host() + ":finished");
                finished.add(result);
            }
        };
        var results = executor.runScript(targets, sshd.account(), ScriptSpec.bash("echo one; echo two; exit 3", Duration.ofSeconds(30)),
                RunOptions.defaults(), listener).done().get(60, TimeUnit.SECONDS);

        // the result each host ended with, as done() reports it; terminal states come only through hostFinished
        assertThat(finished).containsExactlyInAnyOrderElementsOf(results);
        assertThat(finished).allSatisfy(r -> {
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.finishedAt()).isNotNull();
        });
        for (var h : targets) {
            assertThat(events.stream().filter(e -> e.startsWith(h.name() + ":")))
                    .containsExactly(h.name() + ":RUNNING", h.name() + ":one", h.name() + ":two", h.name() + ":finished");
        }
    }

    @Test
    void hostileArgsAndEnvValuesArePassedAsPlainText() throws Exception {
        Files.deleteIfExists(Path.of("/tmp/pwned"));
        var hostile = List.of("$(touch /tmp/pwned)", "it's \"quoted\"", "two  spaces", "`touch /tmp/pwned`; rm -x", "");
        var spec = new ScriptSpec(Language.BASH, """
                for a in "$@"; do printf '[%s]\\n' "$a"; done
                printf 'env=[%s]\\n' "$HOSTILE"
                """, hostile, Map.of("HOSTILE", "'; touch /tmp/pwned; echo '$(id)"), Set.of(), Duration.ofSeconds(30));

        for (var host : List.of(sshd.hosts.getFirst(), Host.local())) {
            var r = runOn(host, spec);
            assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED);
            assertThat(r.stdout()).isEqualTo("[$(touch /tmp/pwned)]\n[it's \"quoted\"]\n[two  spaces]\n"
                    + "[`touch /tmp/pwned`; rm -x]\n[]\nenv=['; touch /tmp/pwned; echo '$(id)]\n");
        }
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
    }

    @Test
    void pythonAndPerlScriptsGetTheirArguments() throws Exception {
        var py = runOn(sshd.hosts.get(1), new ScriptSpec(Language.PYTHON3,
                "import sys, os\nprint(sys.argv[1:], os.environ['X'])", List.of("a b", "c"), Map.of("X", "y"), Set.of(), null));
        var perl = runOn(sshd.hosts.get(1), new ScriptSpec(Language.PERL,
                "print join('|', @ARGV), \"\\n\";", List.of("a b", "c"), Map.of(), Set.of(), null));
        var sh = runOn(sshd.hosts.get(1), new ScriptSpec(Language.SH, "echo $# \"$1\"", List.of("a b"), Map.of(), Set.of(), null));

        assertThat(py.stdout()).isEqualTo("['a b', 'c'] y\n");
        assertThat(perl.stdout()).isEqualTo("a b|c\n");
        assertThat(sh.stdout()).isEqualTo("1 a b\n");
    }

    @Test
    void markerLinesBecomeOutputsAndANonZeroExitFails() throws Exception {
        var r = runOn(sshd.hosts.getFirst(), ScriptSpec.bash("""
                echo '##opsflow:output version=1.2.3'
                echo '##opsflow:output hosts=json:["a","b"]'
                echo '##opsflow:output meta=json:{"n": 2}'
                exit 3
                """, Duration.ofSeconds(30)));

        assertThat(r.state()).isEqualTo(HostState.FAILED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.error()).isEqualTo("exit code 3");
        assertThat(r.outputs()).containsEntry("version", "1.2.3").containsEntry("hosts", List.of("a", "b"))
                .containsEntry("meta", Map.of("n", 2));
    }

    @Test
    void aMalformedOrOverlongMarkerFailsAHostThatWouldOtherwiseSucceed() throws Exception {
        var bad = runOn(Host.local(), ScriptSpec.bash("echo '##opsflow:output cfg=json:{oops'", Duration.ofSeconds(30)));
        // 70,000 chars: longer than the 64 KiB the line collector splits at, so the value would arrive cut
        var cut = runOn(Host.local(), ScriptSpec.bash("printf '##opsflow:output big=%070000d\\n' 0\necho '##opsflow:output ok=1'",
                Duration.ofSeconds(30)));

        assertThat(bad.state()).isEqualTo(HostState.FAILED);
        assertThat(bad.exitCode()).isZero();
        assertThat(bad.error()).startsWith("output marker 'cfg' has invalid JSON");
        assertThat(cut.state()).isEqualTo(HostState.FAILED);
        assertThat(cut.error()).startsWith("output marker 'big' is too long");
        assertThat(cut.outputs()).containsOnlyKeys("ok");
    }

    @Test
    void secretValuesAreMaskedInLinesResultsAndListenerOutput() throws Exception {
        var seen = new CopyOnWriteArrayList<String>();
        var spec = new ScriptSpec(Language.BASH, """
                echo "token=$TOKEN"
                echo "##opsflow:output tok=$TOKEN"
                echo "again $TOKEN" >&2
                """, List.of(), Map.of("TOKEN", "s3cr3t-value"), Set.of("s3cr3t-value"), Duration.ofSeconds(30));
        var r = executor.runScript(List.of(sshd.hosts.getFirst()), sshd.account(), spec, RunOptions.defaults(),
                new ExecutionListener() {
                    @Override
                    public void output(String host, String stream, String line) {
                        seen.add(line);
                    }
                }).done().get(60, TimeUnit.SECONDS).getFirst();

        assertThat(r.stdout()).contains("token=******").doesNotContain("s3cr3t");
        assertThat(r.stderr()).isEqualTo("again ******\n");
        assertThat(r.outputs()).containsEntry("tok", "******");
        assertThat(seen).isNotEmpty().noneMatch(l -> l.contains("s3cr3t"));
    }

    @Test
    void aTimeoutKillsTheRemoteProcessGroup() throws Exception {
        for (var host : List.of(sshd.hosts.get(2), Host.local())) {
            var r = runOn(host, ScriptSpec.bash("sleep 300 &\necho \"##opsflow:output pid=$!\"\nwait", Duration.ofSeconds(2)));

            assertThat(r.state()).as(r.toString()).isEqualTo(HostState.TIMED_OUT);
            assertThat(r.error()).startsWith("timed out after 2000 ms");
            long pid = Long.parseLong((String) r.outputs().get("pid"));
            await().atMost(Duration.ofSeconds(10)).until(() -> processGone(pid));
        }
    }

    @Test
    void terminateKillsTheRemoteProcessGroupAndEndsHostsTerminated() throws Exception {
        var pids = new CopyOnWriteArrayList<Long>();
        var execution = executor.runScript(List.of(sshd.hosts.get(0), sshd.hosts.get(1)), sshd.account(),
                ScriptSpec.bash("sleep 300 &\necho \"pid $!\"\nwait", Duration.ofMinutes(5)), RunOptions.defaults(),
                new ExecutionListener() {
                    @Override
                    public void output(String host, String stream, String line) {
                        if (line.startsWith("pid ")) pids.add(Long.parseLong(line.substring(4)));
                    }
                });
        await().atMost(Duration.ofSeconds(20)).until(() -> pids.size() == 2);

        execution.terminate("operator said stop");
        var results = execution.done().get(30, TimeUnit.SECONDS);

        assertThat(results).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(HostState.TERMINATED);
            assertThat(r.error()).isEqualTo("operator said stop");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().allMatch(ScriptRunTest::processGone));
    }

    @Test
    void scriptsThatEndBeforeTheClientFlushedStillSucceed() throws Exception {
        // the wrapper starts on the script's last byte, so `exit 0` can end and close its channel while
        // the client still flushes or closes stdin; 60 sessions at once give that timing many chances
        // (the deterministic case is ConnectAndAuthTest.closingStdinOfACommandThatAlreadyEndedIsNotAnError)
        var hosts = new ArrayList<Host>();
        for (int i = 0; i < 60; i++) {
            var h = sshd.hosts.get(i % sshd.hosts.size());
            hosts.add(Host.ssh("race" + i, h.address(), h.port()));
        }
        var results = run(hosts, ScriptSpec.bash("exit 0", Duration.ofSeconds(30)), RunOptions.defaults());

        assertThat(results).allSatisfy(r -> assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED));
    }

    @Test
    void aLocalScriptSeesALoginLikeEnvironmentNotTheServers() throws Exception {
        // the JVM running the tests has more variables than the allow-list (JAVA_HOME, MAVEN_*, ...)
        assertThat(System.getenv().keySet()).isNotEmpty().anyMatch(k -> !LocalTransport.INHERITED_ENV.contains(k));
        var r = runOn(Host.local(), ScriptSpec.bash("env | cut -d= -f1", Duration.ofSeconds(30)));

        assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED);
        var shellOwn = Set.of("PWD", "OLDPWD", "SHLVL", "_");
        assertThat(r.stdout().lines().filter(k -> !k.isBlank()).toList())
                .allMatch(k -> LocalTransport.INHERITED_ENV.contains(k) || shellOwn.contains(k), "allowed")
                .contains("PATH");
    }

    @Test
    void outputBeyondTheCapIsTruncatedWithAMark() throws Exception {
        var r = run(List.of(sshd.hosts.getFirst()), ScriptSpec.bash("for i in $(seq 1 1000); do echo line-$i; done",
                Duration.ofSeconds(30)), RunOptions.defaults().withOutputCapBytes(100)).getFirst();

        assertThat(r.state()).isEqualTo(HostState.SUCCEEDED);
        assertThat(r.truncated()).isTrue();
        assertThat(r.stdout()).startsWith("line-1\nline-2\n").endsWith("[... truncated: " + (sumOfLineBytes(1000) - 100) + " bytes omitted ...]\n");
    }

    private static long sumOfLineBytes(int n) {
        long total = 0;
        for (int i = 1; i <= n; i++) total += ("line-" + i + "\n").length();
        return total;
    }

    @Test
    void hugeOutputIsStreamedWithoutHoldingIt() throws Exception {
        var lines = new java.util.concurrent.atomic.AtomicLong();
        var r = executor.runScript(List.of(sshd.hosts.get(1)), sshd.account(),
                ScriptSpec.bash("head -c 60000000 /dev/zero | tr '\\0' 'x' | fold -w 100", Duration.ofSeconds(60)),
                RunOptions.defaults(), new ExecutionListener() {
                    @Override
                    public void output(String host, String stream, String line) {
                        lines.incrementAndGet();
                    }
                }).done().get(120, TimeUnit.SECONDS).getFirst();

        assertThat(r.state()).isEqualTo(HostState.SUCCEEDED);
        assertThat(lines.get()).isEqualTo(600_000);
        assertThat(r.truncated()).isTrue();
        assertThat(r.stdout().length()).isLessThan(1024 * 1024 + 100);
    }

    @Test
    void binaryOutputIsDecodedWithReplacementCharacters() throws Exception {
        var r = runOn(sshd.hosts.getFirst(), ScriptSpec.bash("printf 'a\\xff\\xfe\\x00b\\n'; head -c 3000 /dev/urandom; exit 0",
                Duration.ofSeconds(30)));

        assertThat(r.state()).isEqualTo(HostState.SUCCEEDED);
        assertThat(r.stdout()).startsWith("a\uFFFD\uFFFD\u0000b\n");
    }

    @Test
    void aConnectionDroppedMidRunFailsTheHostWithAClearMessageAndLeavesNoScriptBehind() throws Exception {
        var pidFile = Files.createTempFile("opsflow-dropped", ".pid");
        Files.delete(pidFile);
        // the script notes its pid (= its process group), then kills the sshd process serving its own
        // connection, then would sleep for a long time: the host's watchdog must kill it
        var r = runOn(sshd.hosts.get(2), ScriptSpec.bash("""
                echo $$ > %s.tmp && mv %s.tmp %s
                p=$$
                while [ "$p" -gt 1 ]; do
                  c=$(ps -o comm= -p "$p")
                  case "$c" in sshd*) kill -9 "$p"; break;; esac
                  p=$(ps -o ppid= -p "$p" | tr -d ' ')
                done
                sleep 60
                """.formatted(pidFile, pidFile, pidFile), Duration.ofSeconds(90)));

        assertThat(r.state()).isEqualTo(HostState.FAILED);
        assertThat(r.error()).startsWith("connection lost while running: ");
        var pid = Long.parseLong(Files.readString(pidFile).trim());
        Files.delete(pidFile);
        await().atMost(Duration.ofSeconds(10)).until(() -> processGone(pid));
    }
}
