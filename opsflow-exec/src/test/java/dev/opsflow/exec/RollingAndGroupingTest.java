package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RollingAndGroupingTest {
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

    /** Fails on host2 (by its address), succeeds elsewhere. */
    static final ScriptSpec FAIL_ON_HOST2 = ScriptSpec.bash(
            "case \"$SSH_CONNECTION\" in *' 127.0.0.2 '*) exit 7;; esac; echo ok", Duration.ofSeconds(30));

    @Test
    void stopAfterAFailedBatchLeavesLaterHostsTerminated() throws Exception {
        var batches = new CopyOnWriteArrayList<String>();
        var targets = List.of(sshd.hosts.get(0), sshd.hosts.get(1), sshd.hosts.get(2));
        var results = executor.runScript(targets, sshd.account(), FAIL_ON_HOST2,
                RunOptions.defaults().withRolling(new Rolling(1, 0, OnBatchFailure.STOP)), new ExecutionListener() {
                    @Override
                    public void batchFinished(int batchIndex, int count, boolean failed) {
                        batches.add(batchIndex + "/" + count + ":" + failed);
                    }
                }).done().get(60, TimeUnit.SECONDS);

        assertThat(results).extracting(HostResult::state)
                .containsExactly(HostState.SUCCEEDED, HostState.FAILED, HostState.TERMINATED);
        assertThat(results.get(2).error()).isEqualTo("not run: batch 2 failed");
        assertThat(results.get(2).startedAt()).isNull();
        assertThat(batches).containsExactly("0/3:false", "1/3:true");
    }

    @Test
    void pauseWaitsForResumeAfterAFailedBatch() throws Exception {
        var targets = List.of(sshd.hosts.get(1), sshd.hosts.get(0), sshd.hosts.get(2));
        var execution = executor.runScript(targets, sshd.account(), FAIL_ON_HOST2,
                RunOptions.defaults().withRolling(new Rolling(0, 33, OnBatchFailure.PAUSE)), null);

        await().atMost(Duration.ofSeconds(20)).until(execution::isPaused);
        assertThat(execution.snapshot()).extracting(HostResult::state)
                .containsExactly(HostState.FAILED, HostState.PENDING, HostState.PENDING);

        execution.resume();
        var results = execution.done().get(60, TimeUnit.SECONDS);

        assertThat(execution.isPaused()).isFalse();
        assertThat(results).extracting(HostResult::state)
                .containsExactly(HostState.FAILED, HostState.SUCCEEDED, HostState.SUCCEEDED);
    }

    @Test
    void terminateWhilePausedEndsPendingHostsTerminated() throws Exception {
        var execution = executor.runScript(List.of(sshd.hosts.get(1), sshd.hosts.get(0)), sshd.account(), FAIL_ON_HOST2,
                RunOptions.defaults().withRolling(new Rolling(1, 0, OnBatchFailure.PAUSE)), null);
        await().atMost(Duration.ofSeconds(20)).until(execution::isPaused);

        execution.terminate("enough");

        var results = execution.done().get(30, TimeUnit.SECONDS);
        assertThat(results.get(1).state()).isEqualTo(HostState.TERMINATED);
        assertThat(results.get(1).error()).isEqualTo("enough");
    }

    @Test
    void twentyIdenticalResultsFormOneGroup() throws Exception {
        var targets = new ArrayList<Host>();
        for (int i = 0; i < 20; i++) {
            var h = sshd.hosts.get(i % 3);
            targets.add(new Host("h" + i, h.address(), h.port(), "linux", Map.of()));
        }
        var results = executor.runScript(targets, sshd.account(), ScriptSpec.bash("echo same; exit 0", Duration.ofSeconds(30)),
                RunOptions.defaults().withConcurrency(5), null).done().get(60, TimeUnit.SECONDS);

        var groups = ResultGroups.group(results);
        assertThat(groups).hasSize(1);
        assertThat(groups.getFirst().hosts()).hasSize(20).startsWith("h0", "h1");
        assertThat(groups.getFirst().sampleStdout()).isEqualTo("same\n");
    }

    @Test
    void groupsAreOrderedBiggestFirst() {
        var now = Instant.now();
        var results = List.of(
                new HostResult("a", HostState.FAILED, 1, now, now, "x", "", false, Map.of(), "exit code 1", "d1"),
                new HostResult("b", HostState.SUCCEEDED, 0, now, now, "y", "", false, Map.of(), null, "d2"),
                new HostResult("c", HostState.SUCCEEDED, 0, now, now, "y", "", false, Map.of(), null, "d2"),
                new HostResult("d", HostState.SUCCEEDED, 0, now, now, "z", "", false, Map.of(), null, "d3"));

        assertThat(ResultGroups.group(results)).extracting(ResultGroup::hosts)
                .containsExactly(List.of("b", "c"), List.of("a"), List.of("d"));
    }
}
