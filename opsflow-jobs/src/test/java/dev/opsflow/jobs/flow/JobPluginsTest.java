package dev.opsflow.jobs.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.exec.HostExecutor;
import dev.opsflow.exec.SshdFixture;
import dev.opsflow.jobs.inventory.AccountService;
import dev.opsflow.jobs.inventory.AccountSpec;
import dev.opsflow.jobs.inventory.CredentialService;
import dev.opsflow.jobs.inventory.CredentialSpec;
import dev.opsflow.jobs.inventory.HostKeyService;
import dev.opsflow.jobs.inventory.HostSpec;
import dev.opsflow.jobs.inventory.InventoryService;
import dev.opsflow.jobs.library.JobsDatabase;
import dev.opsflow.jobs.run.JobInventory;
import dev.opsflow.jobs.run.JobRun;
import dev.opsflow.jobs.run.JobService;
import dev.opsflow.jobs.run.JobSettings;
import dev.opsflow.jobs.run.LogEntry;
import dev.opsflow.jobs.run.Origin;
import dev.opsflow.jobs.run.RunKind;
import dev.opsflow.jobs.run.RunState;
import dev.opsflow.jobs.run.RunStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** job_script, job_file and job_plan against the real job platform, on the server itself and on real sshd hosts. */
class JobPluginsTest {
    static final String PROJECT = "demo";
    /** Exits 3 on the third sshd (127.0.0.3), succeeds elsewhere. */
    static final String FAIL_ON_HOST3 = "case \"$SSH_CONNECTION\" in *' 127.0.0.3 '*) echo broken; exit 3;; esac; echo ok";

    static JobsDatabase db;
    static SshdFixture sshd;
    static HostExecutor executor;
    static JobService jobs;
    static JobInventory jobInventory;
    static Path dataDir;
    static Plugin script;
    static Plugin file;
    static Plugin plan;

    @BeforeAll
    static void start() throws Exception {
        db = JobsDatabase.h2();
        db.project(PROJECT);
        var ds = db.dataSource();
        var clock = Clock.systemUTC();
        var codec = new SecretCodec(SecretCodec.newKey());
        var inventory = new InventoryService(ds, clock);
        var credentials = new CredentialService(ds, codec, clock);
        var accounts = new AccountService(ds, credentials, clock);
        var hostKeys = new HostKeyService(ds, clock);
        sshd = SshdFixture.start(3);
        for (var h : sshd.hosts()) {
            inventory.createHost(PROJECT, new HostSpec(h.name(), h.address(), h.port(), "linux", Map.of("role", "web")));
        }
        credentials.create(PROJECT, CredentialSpec.sshKey("ops-key", sshd.clientKey(), null), "test");
        accounts.create(PROJECT, new AccountSpec("ops", SshdFixture.user(), "ops-key", null));
        executor = new HostExecutor(hostKeys.knownHosts(), clock);
        dataDir = Files.createTempDirectory("opsflow-flow-test");
        jobInventory = JobInventory.of(inventory, accounts, hostKeys);
        jobs = JobService.create(ds, codec, clock, executor, jobInventory, JobSettings.defaults(dataDir, "flow-test"));
        jobs.start();
        var all = JobPlugins.all(jobs, TaskLookup.none());
        script = all.get(0);
        file = all.get(1);
        plan = all.get(2);
    }

    @AfterAll
    static void stop() throws Exception {
        jobs.close();
        executor.close();
        sshd.close();
        db.close();
    }

    static Map<String, Object> inputs(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        m.put("project", PROJECT);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Executes, then polls (as the engine would when each WaitUntil comes due) until a final result. */
    static PluginResult runToEnd(Plugin plugin, TestContext ctx) throws Exception {
        return pollToEnd(plugin, ctx, plugin.execute(ctx));
    }

    static PluginResult pollToEnd(Plugin plugin, TestContext ctx, PluginResult first) {
        var last = new AtomicReference<>(first);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (last.get() instanceof PluginResult.WaitUntil w) last.set(plugin.poll(ctx.withState(w.state())));
            return !(last.get() instanceof PluginResult.WaitUntil);
        });
        return last.get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> outputs(PluginResult r) {
        return switch (r) {
            case PluginResult.Succeeded s -> s.outputs();
            case PluginResult.Failed f -> f.outputs();
            default -> throw new AssertionError("not final: " + r);
        };
    }

    @Test
    void aScriptOnTheServerItselfSucceedsWithItsMarkerOutputsAtTheTopLevel() throws Exception {
        var ctx = TestContext.of(inputs("targets", "local", "content", "echo hello\necho '##opsflow:output version=1.2.3'"));
        var first = script.execute(ctx);
        assertThat(first).isInstanceOf(PluginResult.WaitUntil.class);
        assertThat(((PluginResult.WaitUntil) first).state()).containsKey("run_id");

        var result = pollToEnd(script, ctx, first);

        assertThat(result).isInstanceOf(PluginResult.Succeeded.class);
        var out = outputs(result);
        assertThat(out).containsEntry("state", "SUCCEEDED").containsEntry("total", 1).containsEntry("succeeded", 1L)
                .containsEntry("failed", 0L).containsEntry("exit_code", 0).containsEntry("version", "1.2.3");
        assertThat(out.get("hosts")).isEqualTo(Map.of("local", Map.of("version", "1.2.3")));
        var run = jobs.runs().get(PROJECT, (String) out.get("run_id"));
        assertThat(run.origin()).isEqualTo(Origin.flow("flow", "t_test", "node"));
        assertThat(run.name()).isEqualTo("job_script (flow t_test/node #1)");
        assertThat(ctx.lines().all).anyMatch(l -> l.startsWith("info: 1 host SUCCEEDED, exit 0: local"))
                .contains("stdout: hello");
    }

    @Test
    @SuppressWarnings("unchecked")
    void identicalResultsOnThreeSshHostsAreOneGroup() throws Exception {
        var result = runToEnd(script, TestContext.of(inputs("targets", "host1, host2,host3", "account", "ops",
                "content", "hostname >/dev/null; echo ok")));

        assertThat(result).isInstanceOf(PluginResult.Succeeded.class);
        var out = outputs(result);
        assertThat(out).containsEntry("total", 3).containsEntry("succeeded", 3L).doesNotContainKey("exit_code");
        var groups = (List<Map<String, Object>>) out.get("groups");
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g).containsEntry("state", "SUCCEEDED").containsEntry("exit_code", 0).containsEntry("count", 3)
                    .containsEntry("sample_stdout", "ok\n");
            assertThat((List<String>) g.get("hosts")).containsExactlyInAnyOrder("host1", "host2", "host3");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachHostPublishesItsOwnOutputs() throws Exception {
        var result = runToEnd(script, TestContext.of(inputs("targets", List.of("role=web"), "account", "ops",
                "content", "echo \"##opsflow:output addr=$(echo $SSH_CONNECTION | cut -d' ' -f3)\"")));

        var hosts = (Map<String, Map<String, Object>>) outputs(result).get("hosts");
        assertThat(hosts).containsOnlyKeys("host1", "host2", "host3");
        assertThat(hosts.get("host2")).containsEntry("addr", "127.0.0.2");
        assertThat(outputs(result)).doesNotContainKey("addr");
        assertThat((List<?>) outputs(result).get("groups")).hasSize(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void failWhenAnyFailsTheNodeWhenOneHostFails() throws Exception {
        var result = runToEnd(script, TestContext.of(inputs("targets", List.of("host1", "host2", "host3"),
                "account", "ops", "content", FAIL_ON_HOST3)));

        assertThat(result).isInstanceOf(PluginResult.Failed.class);
        assertThat(((PluginResult.Failed) result).reason())
                .isEqualTo("1 of 3 hosts did not succeed (fail_when any): 1 FAILED exit 3 [host3]");
        var out = outputs(result);
        assertThat(out).containsEntry("state", "FAILED").containsEntry("succeeded", 2L).containsEntry("failed", 1L);
        assertThat((List<Map<String, Object>>) out.get("groups")).extracting(g -> g.get("state"), g -> g.get("count"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SUCCEEDED", 2), org.assertj.core.groups.Tuple.tuple("FAILED", 1));
    }

    @Test
    void failWhenPercentToleratesUpToItsShareOfFailedHosts() throws Exception {
        var tolerated = runToEnd(script, TestContext.of(inputs("targets", "host1,host2,host3", "account", "ops",
                "content", FAIL_ON_HOST3, "fail_when", "percent:34")));
        assertThat(tolerated).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(outputs(tolerated)).containsEntry("state", "FAILED").containsEntry("failed", 1L);

        var notTolerated = runToEnd(script, TestContext.of(inputs("targets", "host1,host2,host3", "account", "ops",
                "content", FAIL_ON_HOST3, "fail_when", "percent:33")));
        assertThat(notTolerated).isInstanceOf(PluginResult.Failed.class);
        assertThat(((PluginResult.Failed) notTolerated).reason()).startsWith("1 of 3 hosts did not succeed (fail_when percent:33)");
    }

    @Test
    void badInputsFailTheAttemptNamingTheInputAndStartNoRun() throws Exception {
        var before = jobs.runs().list(PROJECT, null, null, null, 1000).size();
        assertThat(script.execute(TestContext.of(inputs("targets", "local", "content", "true", "fail_when", "most"))))
                .isEqualTo(PluginResult.failed("input 'fail_when': expected 'any' or 'percent:N' with N in 0..100 but got 'most'"));
        assertThat(script.execute(TestContext.of(inputs("targets", "local", "content", "true", "timeout", "soon"))))
                .isInstanceOfSatisfying(PluginResult.Failed.class, f -> assertThat(f.reason()).startsWith("input 'timeout': "));
        assertThat(script.execute(TestContext.of(inputs("targets", "", "content", "true"))))
                .isEqualTo(PluginResult.failed("input 'targets': at least one target is required"));
        assertThat(script.execute(TestContext.of(inputs("targets", "web9", "account", "ops", "content", "true"))))
                .isInstanceOfSatisfying(PluginResult.Failed.class, f -> assertThat(f.reason()).contains("web9"));
        assertThat(jobs.runs().list(PROJECT, null, null, null, 1000)).hasSize(before);
    }

    @Test
    void aTaskOfAnotherProjectCannotRunJobsHere() throws Exception {
        var plugin = new JobScriptPlugin(jobs, id -> Optional.of(new TaskLookup.TaskOwner("shop", "alice")));
        assertThat(plugin.execute(TestContext.of(inputs("targets", "local", "content", "true"))))
                .isEqualTo(PluginResult.failed("input 'project': task t_test belongs to project 'shop' and cannot run jobs in project 'demo'"));
    }

    @Test
    void theTaskOwnerDecidesProjectAndStartedBy() throws Exception {
        var plugin = new JobScriptPlugin(jobs, id -> Optional.of(new TaskLookup.TaskOwner(PROJECT, "alice")));
        var inputs = new LinkedHashMap<String, Object>(Map.of("targets", "local", "content", "true"));
        var result = runToEnd(plugin, TestContext.of(inputs));
        var run = jobs.runs().get(PROJECT, (String) outputs(result).get("run_id"));
        assertThat(run.origin()).isEqualTo(Origin.flow("alice", "t_test", "node"));
    }

    @Test
    void secretEnvironmentValuesAreMaskedInOutputs() throws Exception {
        var result = runToEnd(script, TestContext.of(inputs("targets", "local", "content", "echo \"token=$TOKEN\"",
                "secret_env", Map.of("TOKEN", "s3cr3t-value"))));
        assertThat(outputs(result).toString()).doesNotContain("s3cr3t-value").contains("token=******");
    }

    @Test
    void reattachContinuesPollingTheSameRun() throws Exception {
        var ctx = TestContext.of(inputs("targets", "host1", "account", "ops", "content", "sleep 1; echo done"));
        var first = (PluginResult.WaitUntil) script.execute(ctx);
        var runId = first.state().get("run_id");

        // the server died while the node waited: the engine offers the attempt with its saved state
        var reattached = script.reattach(ctx.withState(first.state())).orElseThrow();
        assertThat(reattached).isInstanceOfSatisfying(PluginResult.WaitUntil.class,
                w -> assertThat(w.state()).containsEntry("run_id", runId));
        // the server died inside execute, before the state was saved: the run is found by its name
        var found = script.reattach(ctx.withState(Map.of())).orElseThrow();
        assertThat(found).isInstanceOfSatisfying(PluginResult.WaitUntil.class,
                w -> assertThat(w.state()).containsEntry("run_id", runId));

        var result = pollToEnd(script, ctx, found);
        assertThat(outputs(result)).containsEntry("run_id", runId).containsEntry("state", "SUCCEEDED");
        assertThat(jobs.runs().list(PROJECT, null, null, "flow t_test/node #1", 100))
                .filteredOn(r -> r.name().startsWith("job_script (flow t_test/node #1)")).extracting(r -> r.id())
                .contains((String) runId);
        // a different attempt finds nothing to re-attach to
        var otherAttempt = new TestContext("t_other", "node", 2, ctx.inputs(), Map.of(), new TestContext.Lines());
        assertThat(script.reattach(otherAttempt)).isEmpty();
    }

    @Test
    void afterARestartTheRunIsFoundByItsOriginEvenWhenManyNewerRunsLogItsName() throws Exception {
        var ctx = new TestContext("t_restart", "deploy", 1, inputs("targets", "local", "content", "sleep 1; echo done"), Map.of(),
                new TestContext.Lines());
        var runId = ((PluginResult.WaitUntil) script.execute(ctx)).state().get("run_id");
        var name = "job_script (flow t_restart/deploy #1)";
        assertThat(jobs.runs().get(PROJECT, (String) runId).name()).isEqualTo(name);
        // newer runs whose logs contain that very name (more than a page of a text search), and a later
        // attempt of the same node, which must not be taken for this one
        var store = new RunStore(db.dataSource(), new SecretCodec(SecretCodec.newKey()), Clock.systemUTC());
        var later = Clock.systemUTC().instant().plusSeconds(5);
        for (int i = 0; i < 25; i++) {
            var decoy = new JobRun("r_decoy" + i, PROJECT, RunKind.SCRIPT, "echo name " + i, null, null, RunState.SUCCEEDED,
                    Origin.flow("flow", "t_other", "deploy"), later, later, Map.of(), "local", null, 1);
            store.insert(decoy, List.of(), Map.of(), "flow-test");
            store.appendLogs(List.of(new LogEntry(0, decoy.id(), 0, 1, "local", "stdout", "started " + name, later)));
        }
        store.insert(new JobRun("r_attempt2", PROJECT, RunKind.SCRIPT, "job_script (flow t_restart/deploy #2)", null, null,
                RunState.SUCCEEDED, Origin.flow("flow", "t_restart", "deploy"), later, later, Map.of(), "local", null, 1),
                List.of(), Map.of(), "flow-test");
        assertThat(jobs.runs().list(PROJECT, null, null, name, 20)).as("a text search sees only the decoys")
                .extracting(JobRun::id).doesNotContain((String) runId);

        // the server died inside execute, before the state was saved: a restarted server's plugin finds the run
        try (var restarted = JobService.create(db.dataSource(), new SecretCodec(SecretCodec.newKey()), Clock.systemUTC(), executor,
                jobInventory, JobSettings.defaults(dataDir, "flow-test-restarted"))) {
            var found = JobPlugins.all(restarted, TaskLookup.none()).get(0).reattach(ctx.withState(Map.of())).orElseThrow();

            assertThat(found).isInstanceOfSatisfying(PluginResult.WaitUntil.class,
                    w -> assertThat(w.state()).containsEntry("run_id", runId).containsEntry("project", PROJECT));
            assertThat(ctx.lines().all).contains("info: re-attached to job run " + runId);
        }
        assertThat(outputs(pollToEnd(script, ctx, script.reattach(ctx.withState(Map.of())).orElseThrow())))
                .containsEntry("run_id", runId).containsEntry("state", "SUCCEEDED");
    }

    @Test
    void filesReachTheTargetDirectoryWithTheirChecksum(@TempDir Path tmp) throws Exception {
        var bytes = "release 1.0\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        var artifact = jobs.artifacts().store(PROJECT, "app.txt", new ByteArrayInputStream(bytes), 1 << 20, "test");
        var target = tmp.resolve("deploy/app");

        var result = runToEnd(file, TestContext.of(inputs("targets", "host1", "account", "ops",
                "sources", List.of(artifact.id()), "target_dir", target.toString(), "create_dir", "true")));

        assertThat(result).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(outputs(result)).containsEntry("succeeded", 1L);
        var copy = Files.readAllBytes(target.resolve("app.txt"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(copy))).isEqualTo(artifact.sha256());
    }

    @Test
    void aMissingTargetDirectoryFailsTheFileNode(@TempDir Path tmp) throws Exception {
        var artifact = jobs.artifacts().store(PROJECT, "a.txt", new ByteArrayInputStream("x".getBytes()), 1 << 20, "test");
        var result = runToEnd(file, TestContext.of(inputs("targets", "host1", "account", "ops",
                "sources", Map.of("artifact", artifact.id()), "target_dir", tmp.resolve("missing").toString())));
        assertThat(result).isInstanceOfSatisfying(PluginResult.Failed.class,
                f -> assertThat(f.reason()).startsWith("1 of 1 hosts did not succeed"));
    }

    @Test
    void aPlanWaitsForItsConfirmationAndSucceedsWithTheRun() throws Exception {
        jobs.plans().save(PROJECT, "greet", Map.of(
                "variables", List.of(Map.of("name", "who", "type", "string", "required", true)),
                "steps", List.of(
                        Map.of("kind", "confirm", "name", "check", "message", "greet ${who}?"),
                        Map.of("kind", "script", "name", "say", "language", "bash", "content", "echo \"##opsflow:output said=hi $1\"",
                                "args", List.of("${who}"), "targets", List.of("local")))), "test");
        var ctx = TestContext.of(inputs("plan", "greet", "variables", Map.of("who", "bob")));

        var waiting = (PluginResult.WaitUntil) script(plan, ctx);
        var runId = (String) waiting.state().get("run_id");
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.summary(runId).state() == RunState.WAITING_CONFIRMATION);
        assertThat(plan.poll(ctx.withState(waiting.state()))).isInstanceOf(PluginResult.WaitUntil.class);
        assertThat(ctx.lines().all).anyMatch(l -> l.contains("is WAITING_CONFIRMATION"));
        jobs.runs().confirm(PROJECT, runId, 0, "carol");

        var result = pollToEnd(plan, ctx, waiting);
        assertThat(result).isInstanceOf(PluginResult.Succeeded.class);
        assertThat(outputs(result)).containsEntry("state", "SUCCEEDED").containsEntry("said", "hi bob");
    }

    @Test
    void anUnknownPlanFailsTheAttempt() throws Exception {
        assertThat(plan.execute(TestContext.of(inputs("plan", "nope")))).isInstanceOfSatisfying(PluginResult.Failed.class,
                f -> assertThat(f.reason()).contains("nope"));
    }

    @Test
    void failWhenPolicies() {
        assertThat(FailWhen.parse(null)).isEqualTo(FailWhen.ANY);
        assertThat(FailWhen.parse(" Percent:10 ")).isEqualTo(new FailWhen(10));
        assertThat(FailWhen.ANY.fails(100, 1)).isTrue();
        assertThat(FailWhen.ANY.fails(100, 0)).isFalse();
        assertThat(new FailWhen(10).fails(100, 10)).isFalse();
        assertThat(new FailWhen(10).fails(100, 11)).isTrue();
        assertThat(new FailWhen(100).fails(3, 3)).isFalse();
    }

    private static PluginResult script(Plugin p, TestContext ctx) throws Exception {
        return p.execute(ctx);
    }
}
