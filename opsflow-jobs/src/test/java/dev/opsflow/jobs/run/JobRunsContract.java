package dev.opsflow.jobs.run;

import static dev.opsflow.jobs.run.JobsFixture.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.opsflow.engine.task.StateConflictException;
import dev.opsflow.engine.template.TemplateInvalidException;
import dev.opsflow.exec.HostState;
import dev.opsflow.exec.Language;
import dev.opsflow.exec.OnBatchFailure;
import dev.opsflow.exec.Rolling;
import dev.opsflow.jobs.library.CountingDataSource;
import dev.opsflow.jobs.library.DangerousCommandException;
import dev.opsflow.jobs.library.JdbcSupport;
import dev.opsflow.jobs.library.ScriptVersionState;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end job runs on this machine (target {@code local} and local hosts h1..h9) with the history
 * on a real database; run on H2 and PostgreSQL by the subclasses.
 */
abstract class JobRunsContract {
    static final Duration WAIT = Duration.ofSeconds(60);
    static JobsFixture fx;

    @AfterAll
    static void close() {
        if (fx != null) fx.close();
    }

    JobService jobs() {
        return fx.jobs;
    }

    static QuickScriptRequest bash(String content, List<String> args, Map<String, String> secrets, List<String> targets) {
        return new QuickScriptRequest(null, Language.BASH, content, null, args, Map.of(), secrets, Duration.ofSeconds(30), null,
                targets, null, null);
    }

    Path tempDir() throws Exception {
        return Files.createTempDirectory(fx.dataDir, "t");
    }

    @Test
    void aQuickScriptRunsOnEveryTargetAndIdenticalResultsFormOneGroup() {
        var id = jobs().runScript(PROJECT, bash("echo hello $1\necho warn >&2\necho '##opsflow:output ver=1.2'\n",
                List.of("world"), Map.of(), List.of("local", "h1", "h2")), Origin.api("alice"));
        var summary = jobs().awaitRun(id, WAIT);
        assertThat(summary.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(summary.run().origin().actor()).isEqualTo("alice");
        var step = summary.steps().getFirst();
        assertThat(step.step().state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(step.counts()).containsEntry(HostState.SUCCEEDED, 3L);
        assertThat(step.groups()).singleElement().satisfies(g -> {
            assertThat(g.hosts()).containsExactlyInAnyOrder("local", "h1", "h2");
            assertThat(g.sampleStdout()).contains("hello world");
        });
        assertThat(summary.outputs()).containsEntry("h1", Map.of("ver", "1.2"));
        var hosts = jobs().runs().hosts(PROJECT, id, 0, null, null);
        assertThat(hosts).allSatisfy(h -> {
            assertThat(h.exitCode()).isZero();
            assertThat(h.startedAt()).isNotNull();
            assertThat(h.finishedAt()).isNotNull();
        });
    }

    @Test
    void secretParametersAreMaskedInStoredLogsAndTheRunView() {
        var id = jobs().runScript(PROJECT, bash("echo \"token=$TOKEN\"\necho \"again $TOKEN\" >&2\n", List.of(),
                Map.of("TOKEN", "s3cr3t-Value-42"), List.of("local")), Origin.cli("bob"));
        assertThat(jobs().awaitRun(id, WAIT).state()).isEqualTo(RunState.SUCCEEDED);
        var out = new StringWriter();
        jobs().runs().exportLogs(PROJECT, id, out);
        assertThat(out.toString()).contains("token=******", "[stderr] again ******").doesNotContain("s3cr3t");
        var db = new JdbcSupport(fx.db.dataSource());
        assertThat(db.query("SELECT line FROM job_log WHERE line LIKE ?", JdbcSupport.args("%s3cr3t%"), rs -> rs.getString(1))).isEmpty();
        assertThat(db.query("SELECT spec FROM job_step WHERE run_id = ?", JdbcSupport.args(id), rs -> rs.getString(1)))
                .singleElement().satisfies(s -> assertThat(s).doesNotContain("s3cr3t"));
        var view = StepSpecs.masked(jobs().runs().steps(id).getFirst().spec());
        assertThat(view.get("secretEnv")).isEqualTo(Map.of("TOKEN", "******"));
        assertThat(jobs().runs().hosts(PROJECT, id, 0, null, null).getFirst().stdoutHead()).isEqualTo("token=******\n");
    }

    @Test
    void aBlockedCommandNeverRunsAndIsRecordedAsBlocked() throws Exception {
        var dir = tempDir();
        var marker = dir.resolve("ran");
        assertThatThrownBy(() -> jobs().runScript(PROJECT, bash("touch " + marker + "\nrm -rf /\n", List.of(), Map.of(),
                List.of("local")), Origin.api("mallory")))
                .isInstanceOfSatisfying(DangerousCommandException.class, e -> {
                    assertThat(e.runId()).isNotNull();
                    assertThat(e.findings()).singleElement().satisfies(f -> {
                        assertThat(f.rule().id()).isEqualTo("rm-rf-root");
                        assertThat(f.line()).isEqualTo(2);
                    });
                    var run = jobs().runs().get(PROJECT, e.runId());
                    assertThat(run.state()).isEqualTo(RunState.BLOCKED);
                    assertThat(run.origin().actor()).isEqualTo("mallory");
                    assertThat(run.error()).contains("rm-rf-root", "line 2");
                });
        assertThat(marker).doesNotExist();
        assertThat(jobs().runs().list(PROJECT, RunKind.SCRIPT, RunState.BLOCKED, null, 10)).isNotEmpty();
    }

    @Test
    void aPlanWithScriptConfirmAndFileStepsRunsToCompletionOnceConfirmed() throws Exception {
        var dir = tempDir();
        var artifact = jobs().artifacts().store(PROJECT, "app.txt",
                new ByteArrayInputStream("payload-1\n".getBytes(StandardCharsets.UTF_8)), 0, "alice");
        assertThat(artifact.size()).isEqualTo(10);
        assertThat(fx.dataDir.resolve("artifacts").resolve(artifact.sha256())).exists();
        Map<String, Object> plan = Map.of(
                "description", "deploy",
                "variables", List.of(
                        Map.of("name", "servers", "type", "hosts", "default", List.of("h1", "h2")),
                        Map.of("name", "version", "type", "string", "required", true),
                        Map.of("name", "token", "type", "secret")),
                "steps", List.of(
                        Map.of("kind", "script", "name", "prepare", "language", "bash",
                                "content", "echo preparing $1 with $2\n", "args", List.of("${version}", "${token}"),
                                "targets", List.of("${servers}")),
                        Map.of("kind", "confirm", "name", "go?", "message", "Deploy ${version}?"),
                        Map.of("kind", "file", "name", "ship", "sources", List.of(Map.of("artifact", artifact.id())),
                                "targetDir", dir.resolve("out").toString(), "createTargetDir", true,
                                "targets", List.of("local"))));
        var saved = jobs().plans().save(PROJECT, "deploy", plan, "alice");
        assertThat(saved.created()).isTrue();
        assertThat(jobs().plans().save(PROJECT, "deploy", plan, "alice").created()).isFalse();
        var id = jobs().plans().run(PROJECT, "deploy", Map.of("version", "1.4.2", "token", "tok-SECRET-9"), "carol",
                Origin.api("carol"));
        var waiting = jobs().awaitRun(id, WAIT);
        assertThat(waiting.state()).isEqualTo(RunState.WAITING_CONFIRMATION);
        assertThat(waiting.run().variables()).containsEntry("token", "******").containsEntry("version", "1.4.2");
        assertThat(waiting.steps().get(1).step().state()).isEqualTo(StepState.WAITING_CONFIRMATION);
        assertThat(((StepSpec.Confirm) waiting.steps().get(1).step().spec()).message()).isEqualTo("Deploy 1.4.2?");
        assertThatThrownBy(() -> jobs().runs().confirm(PROJECT, id, 0, "dave")).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("Expected step 0 to be a CONFIRM step");
        jobs().runs().confirm(PROJECT, id, 1, "dave");
        var done = jobs().awaitRun(id, WAIT);
        assertThat(done.state()).as(String.valueOf(done.run().error())).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.steps().get(1).step().confirmedBy()).isEqualTo("dave");
        assertThat(Files.readString(dir.resolve("out").resolve("app.txt"))).isEqualTo("payload-1\n");
        var out = new StringWriter();
        jobs().runs().exportLogs(PROJECT, id, out);
        assertThat(out.toString()).contains("preparing 1.4.2 with ******").doesNotContain("tok-SECRET-9");
    }

    @Test
    void theDriverReadsEachStepOnceInsteadOfEveryStepOnEveryPass() {
        var steps = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 0; i < 4; i++) {
            steps.add(Map.of("kind", "script", "name", "s" + i, "language", "bash", "content", "echo step " + i + "\n",
                    "targets", List.of("local")));
        }
        jobs().plans().save(PROJECT, "four-steps", Map.of("steps", steps), "alice");
        var counting = CountingDataSource.over(fx.db.dataSource());
        try (var counted = JobService.create(counting.ds(), fx.codec, fx.clock, fx.executor, fx.inventory,
                JobSettings.defaults(fx.dataDir, "counted-node").withLogCapBytes(64 * 1024))) {
            var id = counted.plans().run(PROJECT, "four-steps", Map.of(), "alice", Origin.api("alice"));
            var done = jobs().awaitRun(id, WAIT);

            assertThat(done.state()).as(String.valueOf(done.run().error())).isEqualTo(RunState.SUCCEEDED);
            assertThat(done.steps()).allSatisfy(s -> assertThat(s.step().state()).isEqualTo(StepState.SUCCEEDED));
            assertThat(counting.preparedContaining("FROM job_step WHERE run_id = ? ORDER BY step_index")).as("whole step lists read")
                    .isZero();
            assertThat(counting.preparedContaining("FROM job_step WHERE run_id = ? AND step_index = ?")).as("single steps read")
                    .isEqualTo(4);
        }
    }

    @Test
    void planSaveReportsEveryProblemWithItsStepIndexAndField() {
        Map<String, Object> plan = Map.of("steps", List.of(
                Map.of("kind", "script", "language", "bash", "content", "echo ${nope}\n", "targets", List.of("local"),
                        "args", List.of("${missing}")),
                Map.of("kind", "file", "targets", List.of("local"), "sources", List.of(Map.of("artifact", "a_none")),
                        "targetDir", "/tmp/x"),
                Map.of("kind", "script", "language", "bash", "content", "mkfs.ext4 /dev/sdb\n", "targets", List.of("local"))));
        assertThatThrownBy(() -> jobs().plans().save(PROJECT, "broken", plan, "alice"))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.field() + ":" + p.code())
                        .contains("steps[0].args[0]:unknown-variable", "steps[1].sources[0].artifact:unknown-artifact",
                                "steps[2].content:dangerous-command"));
    }

    @Test
    void retryingAFailedStepRunsOnlyTheFailedHostsAsANewAttempt() throws Exception {
        var dir = tempDir();
        // exactly one host wins the mkdir and succeeds; the others fail until the 'ok' file exists
        var script = "if [ -f " + dir + "/ok ]; then echo fixed; exit 0; fi\nmkdir " + dir + "/first 2>/dev/null && exit 0\n"
                + "echo 'no luck'; exit 3\n";
        var id = jobs().runScript(PROJECT, bash(script, List.of(), Map.of(), List.of("h1", "h2", "h3")), Origin.api("alice"));
        var failed = jobs().awaitRun(id, WAIT);
        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(failed.steps().getFirst().counts()).containsEntry(HostState.SUCCEEDED, 1L).containsEntry(HostState.FAILED, 2L);
        assertThat(jobs().runs().hosts(PROJECT, id, 0, HostState.FAILED, "no luck")).hasSize(2);
        Files.writeString(dir.resolve("ok"), "");
        jobs().runs().retryFailed(PROJECT, id, 0, "alice");
        var done = jobs().awaitRun(id, WAIT);
        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        var latest = jobs().runs().hosts(PROJECT, id, 0, null, null);
        assertThat(latest).allSatisfy(h -> assertThat(h.state()).isEqualTo(HostState.SUCCEEDED));
        assertThat(latest).extracting(JobHost::attempt).containsExactlyInAnyOrder(1, 2, 2);
        assertThat(done.steps().getFirst().step().attempt()).isEqualTo(2);
        assertThatThrownBy(() -> jobs().runs().retryFailed(PROJECT, id, 0, "alice")).isInstanceOf(StateConflictException.class)
                .hasMessage("Expected step 0 to be FAILED but was SUCCEEDED");
    }

    @Test
    void aHostEventIsPublishedOnlyOnceWhatItReportsIsStoredWhileOtherHostsStillRun() throws Exception {
        var dir = tempDir();
        // both hosts wait for 'start' (so the subscription below sees every event); the one that wins the
        // mkdir ends at once with exit 3, the other keeps its step running until 'go' exists
        var script = "for i in $(seq 600); do [ -e " + dir + "/start ] && break; sleep 0.05; done\n"
                + "if mkdir " + dir + "/first 2>/dev/null; then echo early; exit 3; fi\n"
                + "for i in $(seq 600); do [ -e " + dir + "/go ] && break; sleep 0.05; done\necho late\n";
        var id = jobs().runScript(PROJECT, bash(script, List.of(), Map.of(), List.of("h1", "h2")), Origin.api("alice"));
        // what the store holds for the host of each host event, read when the event is published
        var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
        try (var ignored = jobs().events().subscribe(id, e -> {
            if (!e.type().equals("host")) return;
            var host = (String) e.data().get("host");
            var row = jobs().runs().hosts(PROJECT, id, 0, null, null).stream().filter(h -> h.host().equals(host))
                    .findFirst().orElseThrow();
            seen.add(host + " " + e.data().get("state") + " -> " + row.state() + " exit " + row.exitCode()
                    + (row.finishedAt() == null ? "" : " ended"));
        })) {
            Files.writeString(dir.resolve("start"), "");
            await().atMost(WAIT).until(() -> seen.stream().anyMatch(s -> s.contains(" FAILED ->")));
            var early = seen.stream().filter(s -> s.contains(" FAILED ->")).findFirst().orElseThrow().split(" ")[0];
            var late = early.equals("h1") ? "h2" : "h1";
            // the early host's whole result is readable on its event, while its step is still running
            assertThat(seen).contains(early + " FAILED -> FAILED exit 3 ended");
            assertThat(jobs().runs().hosts(PROJECT, id, 0, null, null)).filteredOn(h -> h.host().equals(late))
                    .singleElement().satisfies(h -> assertThat(h.finishedAt()).isNull());
            Files.writeString(dir.resolve("go"), "");
            assertThat(jobs().awaitRun(id, WAIT).state()).isEqualTo(RunState.FAILED);
            assertThat(seen).filteredOn(s -> !s.contains(" RUNNING ->"))
                    .containsExactly(early + " FAILED -> FAILED exit 3 ended", late + " SUCCEEDED -> SUCCEEDED exit 0 ended");
            // a RUNNING event may be published with a later state already stored, never before its own
            assertThat(seen).filteredOn(s -> s.contains(" RUNNING ->")).noneMatch(s -> s.contains("-> PENDING"));
        }
    }

    @Test
    void terminatingARunningScriptKillsItAndEndsTheRunTerminated() {
        var id = jobs().runScript(PROJECT, bash("echo started\nsleep 60\n", List.of(), Map.of(), List.of("local")),
                Origin.api("alice"));
        await().atMost(WAIT).until(() -> jobs().runs().hosts(PROJECT, id, 0, HostState.RUNNING, "started").size() == 1);
        jobs().runs().terminate(PROJECT, id, "alice", "wrong host");
        var done = jobs().awaitRun(id, WAIT);
        assertThat(done.state()).isEqualTo(RunState.TERMINATED);
        assertThat(done.run().error()).contains("terminated by alice: wrong host");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(jobs().runs().steps(id).getFirst().state()).isEqualTo(StepState.TERMINATED);
            assertThat(jobs().runs().hosts(PROJECT, id, 0, null, null)).singleElement()
                    .satisfies(h -> assertThat(h.state()).isEqualTo(HostState.TERMINATED));
        });
        assertThatThrownBy(() -> jobs().runs().terminate(PROJECT, id, "alice", null)).isInstanceOf(StateConflictException.class);
    }

    @Test
    void aDisabledScriptVersionIsRefusedWhenItsPlanStepRuns() {
        jobs().library().create(PROJECT, "hello", Language.BASH, null, "echo hello\n", null, "alice");
        jobs().library().setState(PROJECT, "hello", 1, ScriptVersionState.ONLINE, "alice");
        jobs().plans().save(PROJECT, "uses-hello", Map.of("steps", List.of(Map.of("kind", "script",
                "script", Map.of("name", "hello", "version", 1), "targets", List.of("local")))), "alice");
        var ok = jobs().plans().run(PROJECT, "uses-hello", Map.of(), "alice", Origin.api("alice"));
        assertThat(jobs().awaitRun(ok, WAIT).state()).isEqualTo(RunState.SUCCEEDED);
        jobs().library().setState(PROJECT, "hello", 1, ScriptVersionState.DISABLED, "alice");
        var refused = jobs().plans().run(PROJECT, "uses-hello", Map.of(), "alice", Origin.api("alice"));
        var summary = jobs().awaitRun(refused, WAIT);
        assertThat(summary.state()).isEqualTo(RunState.FAILED);
        assertThat(summary.steps().getFirst().step().error()).contains("DISABLED", "cannot run");
        assertThat(summary.run().error()).contains("step 0 'script 1' failed");
    }

    @Test
    void aRollingRunPausesAfterAFailedBatchAndResumes() throws Exception {
        var dir = tempDir();
        var script = "mkdir " + dir + "/first 2>/dev/null && { echo first fails; exit 4; }\necho fine\n";
        var req = new QuickScriptRequest("rolling", Language.BASH, script, null, List.of(), Map.of(), Map.of(), null, null,
                List.of("h1", "h2", "h3"), 1, new Rolling(1, 0, OnBatchFailure.PAUSE));
        var id = jobs().runScript(PROJECT, req, Origin.api("alice"));
        var paused = jobs().awaitRun(id, WAIT);
        assertThat(paused.state()).isEqualTo(RunState.PAUSED);
        assertThat(paused.steps().getFirst().step().state()).isEqualTo(StepState.PAUSED);
        jobs().runs().resume(PROJECT, id, 0, "alice");
        var failed = jobs().awaitRun(id, WAIT);
        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(failed.steps().getFirst().counts()).containsEntry(HostState.SUCCEEDED, 2L).containsEntry(HostState.FAILED, 1L);
        jobs().runs().skip(PROJECT, id, 0, "alice");
        var done = jobs().awaitRun(id, WAIT);
        assertThat(done.state()).as(String.valueOf(done.run().error())).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.steps().getFirst().step().state()).isEqualTo(StepState.SKIPPED);
    }

    @Test
    void runsInterruptedByAServerStopAreMarkedFailedOnStartup() {
        var store = new RunStore(fx.db.dataSource(), fx.codec, fx.clock);
        var id = RunStarter.newId();
        var old = Instant.now().minus(Duration.ofHours(1));
        var step = new StepSpec.Script("s", null, Language.BASH, "sleep 1", List.of(), Map.of(), Map.of(), null,
                List.of("local"), null, null, null, null);
        store.insert(new JobRun(id, PROJECT, RunKind.SCRIPT, "ghost", null, null, RunState.RUNNING, Origin.api("alice"), old,
                null, Map.of(), "local", null, 0), List.of(step), Map.of(), "dead-node");
        store.updateStep(id, 0, StepState.RUNNING, 1, old, null, null, null);
        store.startHosts(id, 0, 1, List.of(dev.opsflow.exec.Host.local()));
        store.updateHosts(id, 0, 1, List.of(new RunStore.HostUpdate("local", HostState.RUNNING, null, old)));
        try (var restarted = fx.service("node-after-restart")) {
            restarted.start();
            var run = restarted.runs().get(PROJECT, id);
            assertThat(run.state()).isEqualTo(RunState.FAILED);
            assertThat(run.error()).isEqualTo(JobService.INTERRUPTED);
            assertThat(restarted.runs().steps(id).getFirst().state()).isEqualTo(StepState.FAILED);
            assertThat(restarted.runs().hosts(PROJECT, id, 0, null, null)).singleElement().satisfies(h -> {
                assertThat(h.state()).isEqualTo(HostState.FAILED);
                assertThat(h.error()).isEqualTo(JobService.INTERRUPTED);
            });
        }
    }

    @Test
    void logsAreSearchableAcrossRunsAndHostsAndExportedPerStepAndHost() {
        var id = jobs().runScript(PROJECT, bash("echo needle-QX81 found\n", List.of(), Map.of(), List.of("h4", "h5")),
                Origin.api("alice"));
        jobs().awaitRun(id, WAIT);
        var other = jobs().runScript(PROJECT, bash("echo hay\n", List.of(), Map.of(), List.of("h4")), Origin.api("alice"));
        jobs().awaitRun(other, WAIT);
        assertThat(jobs().runs().list(PROJECT, null, null, "NEEDLE-qx81", 50)).extracting(JobRun::id).containsExactly(id);
        assertThat(jobs().runs().hosts(PROJECT, id, null, null, "needle-qx81")).extracting(JobHost::host)
                .containsExactlyInAnyOrder("h4", "h5");
        assertThat(jobs().runs().hosts(PROJECT, other, null, null, "needle")).isEmpty();
        var out = new StringWriter();
        jobs().runs().exportLogs(PROJECT, id, out);
        assertThat(out.toString()).contains("== step 0", "--- host h4 attempt 1: SUCCEEDED exit 0", "--- host h5 attempt 1",
                "needle-QX81 found");
    }

    @Test
    void theLogExportStreamsEveryLineInStepHostAttemptOrderWithAFixedNumberOfQueries() {
        var counting = CountingDataSource.over(fx.db.dataSource());
        var store = new RunStore(counting.ds(), fx.codec, fx.clock);
        var id = RunStarter.newId();
        var at = Instant.parse("2025-01-02T03:04:05Z");
        store.insert(new JobRun(id, PROJECT, RunKind.PLAN, "export", null, null, RunState.FAILED, Origin.api("alice"), at,
                at.plusSeconds(60), Map.of(), "h1,h2,h3", "step 1 'deploy' failed", 1),
                List.of(script("build"), script("deploy"), script("verify")), Map.of(), "node");
        store.updateStep(id, 0, StepState.SUCCEEDED, 2, at, at, null, null);
        store.updateStep(id, 1, StepState.FAILED, 1, at, at, "boom", null);
        store.startHosts(id, 0, 1, List.of(local("h2"), local("h1")));
        store.startHosts(id, 0, 2, List.of(local("h2")));
        store.startHosts(id, 1, 1, List.of(local("h3")));
        store.finishHosts(id, 0, 1, List.of(result("h1", HostState.SUCCEEDED, 0, null), result("h2", HostState.FAILED, 3, "exit code 3")),
                java.util.Set.of());
        store.finishHosts(id, 0, 2, List.of(result("h2", HostState.SUCCEEDED, 0, null)), java.util.Set.of());
        // stored interleaved, as concurrent hosts write them
        store.appendLogs(List.of(line(id, 0, "h2", 1, "stdout", "h2 try 1 out", at), line(id, 0, "h1", 1, "stdout", "h1 line 1", at),
                line(id, 0, "h2", 1, "stderr", "h2 try 1 err", at), line(id, 0, "ghost", 1, "stdout", "no host row", at),
                line(id, 0, "h1", 1, "stdout", "h1 line 2", at), line(id, 0, "h2", 2, "stdout", "h2 try 2 out", at)));
        var out = new StringWriter();
        int before = counting.count();

        new JobRunService(store, null, null).exportLogs(PROJECT, id, out);

        assertThat(counting.count() - before).as("queries: run, steps, hosts, lines").isEqualTo(4);
        assertThat(out.toString()).isEqualTo("""
                # job run %s 'export' (plan) FAILED, started by alice at 2025-01-02T03:04:05Z, finished at 2025-01-02T03:05:05Z

                == step 0 'build' (script): SUCCEEDED

                --- host h1 attempt 1: SUCCEEDED exit 0
                h1 line 1
                h1 line 2

                --- host h2 attempt 1: FAILED exit 3 (exit code 3)
                h2 try 1 out
                [stderr] h2 try 1 err

                --- host h2 attempt 2: SUCCEEDED exit 0
                h2 try 2 out

                == step 1 'deploy' (script): FAILED - boom

                --- host h3 attempt 1: PENDING

                == step 2 'verify' (script): PENDING
                """.formatted(id));
    }

    private static StepSpec script(String name) {
        return new StepSpec.Script(name, null, Language.BASH, "true", List.of(), Map.of(), Map.of(), null, List.of("local"), null,
                null, null, null);
    }

    private static dev.opsflow.exec.Host local(String name) {
        return new dev.opsflow.exec.Host(name, dev.opsflow.exec.Host.LOCAL, 0, "linux", Map.of());
    }

    private static dev.opsflow.exec.HostResult result(String host, HostState state, int exit, String error) {
        var at = Instant.parse("2025-01-02T03:04:06Z");
        return new dev.opsflow.exec.HostResult(host, state, exit, at, at, "", "", false, Map.of(), error, null);
    }

    private static LogEntry line(String runId, int step, String host, int attempt, String stream, String text, Instant at) {
        return new LogEntry(0, runId, step, attempt, host, stream, text, at);
    }

    @Test
    void storedOutputIsCappedWithATruncationMark() {
        // the fixture caps stored logs at 64 KiB per stream and host
        var id = jobs().runScript(PROJECT, bash("for i in $(seq 1 3000); do echo \"line $i of some padding text\"; done\n",
                List.of(), Map.of(), List.of("local")), Origin.api("alice"));
        assertThat(jobs().awaitRun(id, WAIT).state()).isEqualTo(RunState.SUCCEEDED);
        var out = new StringWriter();
        jobs().runs().exportLogs(PROJECT, id, out);
        assertThat(out.toString()).contains("line 1 of", "[... truncated: ").doesNotContain("line 3000 of");
        assertThat(jobs().runs().hosts(PROJECT, id, 0, null, null).getFirst().truncated()).isTrue();
    }
}
