package dev.opsflow.plugins.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.plugins.support.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptPluginTest {
    private final ScriptPlugin plugin = new ScriptPlugin();
    private final List<Long> pidsToReap = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void killLeftovers() {
        pidsToReap.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private PluginResult run(Map<String, ?> inputs) throws Exception {
        return plugin.execute(TestContext.with(inputs));
    }

    private static CompletableFuture<PluginResult> runAsync(TestContext ctx, ScriptPlugin plugin) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return plugin.execute(ctx);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    private long pidOutput(PluginResult result, String key) {
        var pid = Long.parseLong(String.valueOf(outputs(result).get(key)));
        pidsToReap.add(pid);
        return pid;
    }

    private static Map<String, Object> outputs(PluginResult result) {
        return switch (result) {
            case PluginResult.Succeeded s -> s.outputs();
            case PluginResult.Failed f -> f.outputs();
            default -> throw new AssertionError("unexpected " + result);
        };
    }

    private static void assertGone(long pid) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void streamsStdoutAndStderrLinesWhileTheScriptIsStillRunning() throws Exception {
        var gate = tmp.resolve("gate");
        var ctx = TestContext.with(Map.of("content",
                "echo first\necho oops >&2\nwhile [ ! -e \"$1\" ]; do sleep 0.05; done\necho second\n",
                "args", List.of(gate.toString())));

        var result = runAsync(ctx, plugin);
        await().atMost(Duration.ofSeconds(10)).until(() -> ctx.recorded().stdout().contains("first")
                && ctx.recorded().stderr().contains("oops"));
        assertThat(result).isNotDone();
        Files.createFile(gate);

        var done = result.get(10, TimeUnit.SECONDS);
        assertThat(done).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(ctx.recorded().stdout()).containsExactly("first", "second");
        assertThat(outputs(done)).containsEntry("exit_code", 0).containsEntry("stdout_tail", "first\nsecond");
    }

    @Test
    void nonZeroExitCodeFailsWithTheCodeAndKeepsOutputs() throws Exception {
        var result = run(Map.of("content", "echo '##opsflow:output stage=build'\nexit 3"));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("exit code 3");
            assertThat(f.outputs()).containsEntry("exit_code", 3).containsEntry("stage", "build");
        });
    }

    @Test
    void markerLinesPublishStringAndJsonOutputs() throws Exception {
        var result = run(Map.of("content", """
                echo '##opsflow:output version=1.2.3 final'
                echo '##opsflow:output hosts=json:["a","b"]'
                echo '##opsflow:output meta=json:{"n": 2, "ok": true}'
                echo '##opsflow:output version=1.2.4'
                echo done
                """));

        assertThat(result).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(outputs(result))
                .containsEntry("version", "1.2.4")
                .containsEntry("hosts", List.of("a", "b"))
                .containsEntry("meta", Map.of("n", 2, "ok", true))
                .containsEntry("exit_code", 0);
    }

    @Test
    void invalidJsonInAMarkerFailsTheAttemptNamingTheKey() throws Exception {
        var result = run(Map.of("content", "echo '##opsflow:output cfg=json:{oops'"));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class,
                f -> assertThat(f.reason()).startsWith("output marker 'cfg' has invalid JSON"));
    }

    @Test
    void aMarkerLongerThanTheSplitLengthFailsTheAttemptInsteadOfPublishingACutValue() throws Exception {
        // 20,000 chars: the line pump splits at 16 K, so the value would arrive cut
        var result = run(Map.of("content", "printf '##opsflow:output big=%020000d\\n' 0\necho '##opsflow:output ok=1'"));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class, f -> {
            assertThat(f.reason()).startsWith("output marker 'big' is too long");
            assertThat(f.outputs()).containsEntry("ok", "1").doesNotContainKey("big");
        });
    }

    @Test
    void markersCannotOverrideExitCodeOrStdoutTail() throws Exception {
        var result = run(Map.of("content", "echo '##opsflow:output exit_code=7'\necho '##opsflow:output stdout_tail=x'"));

        assertThat(result).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(outputs(result)).containsEntry("exit_code", 0).containsEntry("stdout_tail",
                "##opsflow:output exit_code=7\n##opsflow:output stdout_tail=x");
    }

    @Test
    void stdoutTailKeepsTheLastTwentyLines() throws Exception {
        var result = run(Map.of("content", "for i in $(seq 1 50); do echo line$i; done"));

        var tail = ((String) outputs(result).get("stdout_tail")).lines().toList();
        assertThat(tail).hasSize(20).startsWith("line31").endsWith("line50");
    }

    @Test
    void runsPython3AndShScriptsWithArguments() throws Exception {
        var python = run(Map.of("language", "python3", "args", List.of("x", 7),
                "content", "import sys\nprint('##opsflow:output argv=json:' + __import__('json').dumps(sys.argv[1:]))"));
        var sh = run(Map.of("language", "sh", "args", List.of("a b", "c"),
                "content", "echo \"##opsflow:output count=$#\"\necho \"##opsflow:output first=$1\""));

        assertThat(outputs(python)).containsEntry("argv", List.of("x", "7"));
        assertThat(outputs(sh)).containsEntry("count", "2").containsEntry("first", "a b");
    }

    @Test
    void passesEnvAndOpsflowVariablesButNotTheServerEnvironment() throws Exception {
        var result = run(Map.of("env", Map.of("GREETING", "hello", "PORT", 8080), "content", """
                echo "##opsflow:output greeting=$GREETING-$PORT"
                echo "##opsflow:output ids=$OPSFLOW_TASK_ID/$OPSFLOW_NODE_ID/$OPSFLOW_ATTEMPT"
                echo "##opsflow:output java_home=${JAVA_HOME:-unset}"
                """));

        assertThat(outputs(result))
                .containsEntry("greeting", "hello-8080")
                .containsEntry("ids", "task-1/node-1/1")
                .containsEntry("java_home", "unset");
    }

    @Test
    void runsInTheGivenWorkdir() throws Exception {
        var result = run(Map.of("workdir", tmp.toString(), "content", "echo \"##opsflow:output pwd=$(pwd -P)\"\ntouch made-here"));

        assertThat(outputs(result)).containsEntry("pwd", tmp.toRealPath().toString());
        assertThat(tmp.resolve("made-here")).exists();
    }

    @Test
    void defaultWorkdirIsAFreshTemporaryDirectoryDeletedAfterwards() throws Exception {
        var result = run(Map.of("content", "echo \"##opsflow:output pwd=$(pwd)\"\nls -A | wc -l | tr -d ' ' | sed 's/^/##opsflow:output entries=/'"));

        assertThat(outputs(result)).containsEntry("entries", "0");
        assertThat(Path.of((String) outputs(result).get("pwd"))).doesNotExist();
    }

    @Test
    void timeoutKillsTheWholeProcessGroupIncludingBackgroundChildren() throws Exception {
        var result = run(Map.of("timeout", "1s", "content",
                "sleep 300 &\necho \"##opsflow:output child=$!\"\necho \"##opsflow:output self=$$\"\nsleep 300\n"));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("timed out after 1s; process group killed"));
        assertGone(pidOutput(result, "child"));
        assertGone(pidOutput(result, "self"));
        assertThat(outputs(result)).containsKey("exit_code");
    }

    @Test
    void timeoutKillsOrphansWhoseParentAlreadyExited() throws Exception {
        // the subshell exits at once, so the sleep is reparented and no longer a descendant of the script:
        // only the process-group kill can reach it
        var result = run(Map.of("timeout", "1s", "content", """
                ( sleep 300 & echo "##opsflow:output orphan=$!" )
                echo "##opsflow:output self=$$"
                echo "##opsflow:output pgid=$(cut -d' ' -f5 /proc/$$/stat)"
                sleep 300
                """));

        assertThat(outputs(result).get("pgid")).isEqualTo(outputs(result).get("self"));
        var orphan = pidOutput(result, "orphan");
        assertGone(orphan);
    }

    @Test
    void timeoutAlsoKillsChildrenThatIgnoreSigterm() throws Exception {
        var result = run(Map.of("timeout", 1, "content",
                "bash -c 'trap \"\" TERM; sleep 300' &\necho \"##opsflow:output child=$!\"\nwait\n"));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("timed out after 1s; process group killed"));
        assertGone(pidOutput(result, "child"));
    }

    @Test
    void cancellationKillsTheProcessGroupPromptly() throws Exception {
        var ctx = TestContext.with(Map.of("content", "sleep 300 &\necho \"##opsflow:output child=$!\"\nsleep 300\n"));
        var result = runAsync(ctx, plugin);
        await().atMost(Duration.ofSeconds(10)).until(() -> ctx.recorded().stdout().stream().anyMatch(l -> l.contains("child=")));

        ctx.trigger().cancel("revoked by admin");

        var done = result.get(10, TimeUnit.SECONDS);
        assertThat(done).isInstanceOfSatisfying(PluginResult.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("cancelled: revoked by admin; process group killed"));
        assertGone(pidOutput(done, "child"));
    }

    @Test
    void anAttemptCancelledBeforeItStartsRunsNothing() throws Exception {
        var marker = tmp.resolve("ran");
        var ctx = TestContext.with(Map.of("content", "touch \"$1\"", "args", List.of(marker.toString())));
        ctx.trigger().cancel("revoked by admin");

        assertThat(plugin.execute(ctx)).isEqualTo(PluginResult.failed("cancelled: revoked by admin; script not started"));
        assertThat(marker).doesNotExist();
    }

    @Test
    void aBackgroundChildHoldingStdoutDoesNotBlockCompletion() throws Exception {
        var started = System.nanoTime();
        var ctx = TestContext.with(Map.of("content", "sleep 600 &\necho \"##opsflow:output child=$!\"\nexit 0\n"));
        var result = plugin.execute(ctx);

        long child = pidOutput(result, "child");
        assertThat(result).isInstanceOf(PluginResult.Succeeded.class);
        // it ended after the drain wait, not with the child: the child is still running (reaped after the
        // test); the time bound only rules out the child's 600 s, so a loaded machine cannot fail it
        assertThat(ProcessHandle.of(child)).as("the background child").hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(300));
        assertThat(ctx.recorded().lines()).anyMatch(l -> l.contains("background processes still hold"));
    }

    @Test
    void invalidInputsFailNamingTheInput() throws Exception {
        assertThat(run(Map.of("content", "true", "language", "ruby")))
                .isEqualTo(PluginResult.failed("input 'language': expected one of [bash, sh, python3] but got 'ruby'"));
        assertThat(run(Map.of("content", "true", "timeout", "soon")))
                .isInstanceOfSatisfying(PluginResult.Failed.class, f -> assertThat(f.reason()).startsWith("input 'timeout': "));
        assertThat(run(Map.of("language", "bash")))
                .isEqualTo(PluginResult.failed("input 'content': is required"));
        assertThat(run(Map.of("content", "true", "workdir", tmp.resolve("missing").toString())))
                .isInstanceOfSatisfying(PluginResult.Failed.class, f -> assertThat(f.reason()).startsWith("input 'workdir': "));
    }

    @Test
    void anEnvValueOfTheWrongTypeIsRejectedWithoutEchoingIt() throws Exception {
        var result = run(Map.of("content", "true", "env", Map.of("TOKEN", List.of("s3cr3t"))));

        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class, f -> assertThat(f.reason())
                .isEqualTo("input 'env.TOKEN': expected a string but got a list")
                .doesNotContain("s3cr3t"));
    }
}
