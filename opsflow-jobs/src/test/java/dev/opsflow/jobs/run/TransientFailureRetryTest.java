package dev.opsflow.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.exec.Host;
import dev.opsflow.jobs.library.CountingDataSource;
import dev.opsflow.jobs.library.JdbcSupport;
import dev.opsflow.jobs.library.JobsDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Job-platform transactions run again after a transient database failure, like the engine store's (both
 * go through the store's {@code Jdbc}), provoked with a second, real connection: a deadlock on
 * PostgreSQL, a lock timeout on H2. The sweep of interrupted runs is the transaction under test: it
 * updates the run, then its steps, then its hosts.
 */
class TransientFailureRetryTest {
    static final String REASON = "server gone";
    final SecretCodec codec = new SecretCodec(SecretCodec.newKey());
    final Clock clock = Clock.systemUTC();

    @Test
    void aSweepThatLosesARealDeadlockOnPostgresIsRunAgainAndCommits() throws Exception {
        try (var db = JobsDatabase.postgres()) {
            var counting = CountingDataSource.over(db.dataSource());
            var store = new RunStore(counting.ds(), codec, clock);
            var id = insertRunningRunWithOneHost(store);
            int before = counting.count();

            try (var other = db.dataSource().getConnection(); var observer = db.dataSource().getConnection()) {
                other.setAutoCommit(false);
                update(other, "UPDATE job_host SET error = 'held' WHERE run_id = ?", id); // holds the host row
                var sweep = CompletableFuture.supplyAsync(() -> sweep(store));
                long otherPid = pid(other);
                // the sweep locked the run row and now waits for the host row
                await().atMost(Duration.ofSeconds(20)).until(() -> blockedBy(observer, otherPid));
                // closes the cycle; PostgreSQL aborts the sweep (it has waited longest), which releases the run row
                update(other, "UPDATE job_run SET version = version WHERE id = ?", id);
                other.commit();

                assertThat(sweep.get(30, TimeUnit.SECONDS)).containsExactly(id);
            }
            assertThat(counting.count() - before).as("transactions run by the sweep").isEqualTo(2);
            assertSwept(store, id);
        }
    }

    @Test
    void aSweepThatTimesOutOnALockOnH2IsRunAgainAndCommits() throws Exception {
        try (var db = JobsDatabase.h2()) {
            var counting = CountingDataSource.over(db.dataSource());
            var store = new RunStore(counting.ds(), codec, clock);
            var id = insertRunningRunWithOneHost(store);
            int before = counting.count();

            try (var other = db.dataSource().getConnection()) {
                other.setAutoCommit(false);
                update(other, "UPDATE job_run SET version = version WHERE id = ?", id); // holds the run row
                var sweep = CompletableFuture.supplyAsync(() -> sweep(store));
                // the first attempt waits for the row until H2's lock timeout (HYT00); the retry asks for a connection
                await().atMost(Duration.ofSeconds(30)).until(() -> counting.count() - before >= 2);
                other.rollback();

                assertThat(sweep.get(30, TimeUnit.SECONDS)).containsExactly(id);
            }
            assertThat(counting.count() - before).as("transactions run by the sweep").isEqualTo(2);
            assertSwept(store, id);
        }
    }

    @Test
    void aPermanentErrorIsNotRetriedAndLeavesAsAStoreErrorWithTheDriversCause() {
        try (var db = JobsDatabase.h2()) {
            var counting = CountingDataSource.over(db.dataSource());
            var store = new RunStore(counting.ds(), codec, clock);
            var run = runningRun();
            store.insert(run, List.of(), Map.of(), "node-a");
            int before = counting.count();

            assertThatThrownBy(() -> store.insert(run, List.of(), Map.of(), "node-a"))
                    .isInstanceOf(dev.opsflow.store.jdbc.JdbcStoreException.class)
                    .hasMessageStartingWith("insert run failed: ")
                    .hasCauseInstanceOf(SQLException.class);
            assertThat(counting.count() - before).isEqualTo(1);
            assertThat(new JdbcSupport(db.dataSource()).query("SELECT COUNT(*) FROM job_run", JdbcSupport.args(),
                    rs -> rs.getInt(1))).containsExactly(1);
        }
    }

    private List<String> sweep(RunStore store) {
        var now = clock.instant();
        return store.failInterrupted(now, "node-b", now, Set.of(), REASON);
    }

    private JobRun runningRun() {
        var created = clock.instant().minus(Duration.ofHours(1)); // also the heartbeat: stale
        return new JobRun("run-" + System.nanoTime(), "demo", RunKind.SCRIPT, "test", null, null, RunState.RUNNING,
                Origin.api("alice"), created, null, Map.of(), "h1", null, 0);
    }

    private String insertRunningRunWithOneHost(RunStore store) {
        var run = runningRun();
        store.insert(run, List.of(), Map.of(), "node-a");
        store.startHosts(run.id(), 0, 1, List.of(new Host("h1", Host.LOCAL, 0, "linux", Map.of())));
        return run.id();
    }

    private static void assertSwept(RunStore store, String id) {
        var run = store.get(id);
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error()).isEqualTo(REASON);
        assertThat(store.hosts(id, null, null, null, true)).singleElement().satisfies(h -> {
            assertThat(h.state()).hasToString("FAILED");
            assertThat(h.error()).isEqualTo(REASON);
        });
    }

    private static void update(Connection c, String sql, String id) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static long pid(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** @return true when some backend waits for a lock held by backend {@code pid} */
    private static boolean blockedBy(Connection observer, long pid) throws SQLException {
        try (var ps = observer.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
            ps.setInt(1, (int) pid);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
