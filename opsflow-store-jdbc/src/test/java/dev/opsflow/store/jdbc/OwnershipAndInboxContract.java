package dev.opsflow.store.jdbc;

import static dev.opsflow.store.jdbc.StoreFixtures.ENGINE_A;
import static dev.opsflow.store.jdbc.StoreFixtures.ENGINE_B;
import static dev.opsflow.store.jdbc.StoreFixtures.at;
import static dev.opsflow.store.jdbc.StoreFixtures.concurrently;
import static dev.opsflow.store.jdbc.StoreFixtures.created;
import static dev.opsflow.store.jdbc.StoreFixtures.newTask;
import static dev.opsflow.store.jdbc.StoreFixtures.set;
import static dev.opsflow.store.jdbc.StoreFixtures.taskId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.engine.store.LogLine;
import dev.opsflow.engine.store.LogSequence;
import dev.opsflow.engine.task.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ownership (claims, leases), log and inbox half of the store contract; mixed into
 * {@link TaskRepositoryContract}, which provides the repository and task helpers.
 */
interface OwnershipAndInboxContract {

    /** @return the repository under test */
    JdbcTaskRepository repo();

    /** @return a new CREATED task owned by {@link StoreFixtures#ENGINE_A} at version 0 */
    String startedTask();

    /** @return a new task in {@code state}, lease expiring at 100 s, released when {@code unowned} */
    String inState(TaskState state, boolean unowned);

    // ---- ownership ----

    @Test
    default void claim_is_a_compare_and_set_on_the_lease() {
        var id = taskId();
        repo().insertTask(newTask(id), created(id));
        assertThat(repo().claim(id, ENGINE_A, at(60), at(0))).isTrue();
        assertThat(repo().claim(id, ENGINE_B, at(70), at(10))).isFalse();
        assertThat(repo().claim(id, ENGINE_A, at(80), at(10))).isTrue();
        assertThat(repo().claim(id, ENGINE_B, at(200), at(81))).isTrue();
        assertThat(repo().findTask(id).orElseThrow().owner()).isEqualTo(ENGINE_B);
        assertThat(repo().claim("t_missing", ENGINE_A, at(60), at(0))).isFalse();
    }

    /**
     * The race this guards against needs two transactions interleaved (the old owner's fence just before
     * the claim commits); sequentially, the claim must leave the version moved on, so that whatever the
     * old owner still writes at the version it knows is fenced, and unchanged when the owner renews.
     */
    @Test
    default void taking_a_task_over_moves_its_version_on_and_a_renewal_or_a_claim_of_an_unowned_task_does_not() {
        var id = taskId();
        repo().insertTask(newTask(id), created(id));
        assertThat(repo().claim(id, ENGINE_A, at(60), at(0))).isTrue();
        assertThat(repo().loadRun(id).orElseThrow().version).as("claiming an unowned task").isZero();
        assertThat(repo().claim(id, ENGINE_A, at(80), at(10))).isTrue();
        assertThat(repo().loadRun(id).orElseThrow().version).as("renewal by the owner").isZero();

        assertThat(repo().claim(id, ENGINE_B, at(200), at(81))).isTrue();
        assertThat(repo().loadRun(id).orElseThrow().version).as("taken over from an expired owner").isEqualTo(1);
        assertThat(repo().write(List.of(set(id, ENGINE_A, 0).build())))
                .as("the old owner's write at the version it knew").containsExactly(false);
        assertThat(repo().write(List.of(set(id, ENGINE_B, 1).build()))).containsExactly(true);

        var orphan = inState(TaskState.RUNNING, false); // held by ENGINE_A, lease expiring at 100 s
        long before = repo().loadRun(orphan).orElseThrow().version;
        assertThat(repo().claimOrphans(ENGINE_B, at(2_000), at(1_000), 1_000)).contains(orphan);
        assertThat(repo().loadRun(orphan).orElseThrow().version).isEqualTo(before + 1);
    }

    @Test
    default void orphans_are_running_tasks_without_a_live_owner_and_held_paused_or_failed_tasks_with_expired_leases() {
        var unowned = inState(TaskState.RUNNING, true);
        var expired = inState(TaskState.RUNNING, false);
        var pausedHeld = inState(TaskState.PAUSED, false);
        var failedHeld = inState(TaskState.FAILED, false);
        var pausedIdle = inState(TaskState.PAUSED, true);
        var finishedHeld = inState(TaskState.FINISHED, false);
        var live = inState(TaskState.RUNNING, false);
        repo().claim(live, ENGINE_A, at(10_000), at(0));
        var fresh = taskId();
        repo().insertTask(newTask(fresh), created(fresh));

        var claimed = repo().claimOrphans(ENGINE_B, at(2_000), at(1_000), 1_000);
        assertThat(claimed).contains(unowned, expired, pausedHeld, failedHeld)
                .doesNotContain(pausedIdle, finishedHeld, live, fresh);
        assertThat(repo().findTask(expired).orElseThrow().owner()).isEqualTo(ENGINE_B);
        assertThat(repo().findTask(expired).orElseThrow().leaseUntil()).isEqualTo(at(2_000));
        assertThat(repo().claimOrphans(ENGINE_A, at(2_000), at(1_000), 1_000)).doesNotContain(unowned, expired);
        assertThat(repo().claimOrphans(ENGINE_A, at(2_000), at(1_000), 0)).isEmpty();
    }

    @Test
    default void two_concurrent_orphan_claimers_never_both_win_a_task() throws Exception {
        var mine = new HashSet<String>();
        for (int i = 0; i < 40; i++) mine.add(inState(TaskState.RUNNING, true));
        var rounds = concurrently(2, i -> {
            var won = new ArrayList<String>();
            for (int r = 0; r < 10; r++) won.addAll(repo().claimOrphans("claimer-" + i, at(5_000), at(1_000), 7));
            return won;
        });
        var all = new ArrayList<String>();
        rounds.forEach(all::addAll);
        assertThat(all).doesNotHaveDuplicates();
        assertThat(all).containsAll(mine);
        for (int i = 0; i < 2; i++) {
            var owner = "claimer-" + i;
            assertThat(rounds.get(i)).allSatisfy(id -> assertThat(repo().findTask(id).orElseThrow().owner()).isEqualTo(owner));
        }
    }

    @Test
    default void an_owner_renews_and_releases_all_its_leases() {
        var owner = "renewer-" + taskId();
        var a = taskId();
        var b = taskId();
        repo().insertTask(newTask(a), created(a));
        repo().insertTask(newTask(b), created(b));
        var foreign = taskId();
        repo().insertTask(newTask(foreign), created(foreign));
        repo().claim(a, owner, at(60), at(0));
        repo().claim(b, owner, at(60), at(0));
        repo().claim(foreign, "someone-else", at(60), at(0));

        assertThat(repo().renewLeases(owner, List.of(b, a, foreign), at(120))).isEqualTo(2);
        assertThat(repo().findTask(a).orElseThrow().leaseUntil()).isEqualTo(at(120));
        assertThat(repo().findTask(foreign).orElseThrow().leaseUntil()).isEqualTo(at(60));
        repo().releaseAll(owner);
        assertThat(List.of(repo().findTask(a).orElseThrow(), repo().findTask(b).orElseThrow()))
                .allSatisfy(r -> {
                    assertThat(r.owner()).isNull();
                    assertThat(r.leaseUntil()).isNull();
                });
        assertThat(repo().renewLeases(owner, List.of(a, b), at(180))).isZero();
    }

    // ---- logs and inbox ----

    @Test
    default void logs_page_by_sequence_and_zero_means_the_latest_pass_or_attempt_with_lines() {
        var id = taskId();
        var lines = new ArrayList<LogLine>();
        for (int seq = 1; seq <= 5; seq++) lines.add(new LogLine(id, "n", 1, 1, seq, "stdout", "one " + seq, at(seq)));
        lines.add(new LogLine(id, "n", 1, 2, 6, "stderr", "two 1", at(10)));
        lines.add(new LogLine(id, "n", 1, 2, 7, "info", "two 2", at(11)));
        lines.add(new LogLine(id, "other", 1, 3, 8, "stdout", "elsewhere", at(12)));
        repo().appendLogs(lines);
        repo().appendLogs(List.of());

        assertThat(repo().logs(id, "n", 1, 1, 0, 3)).extracting(LogLine::text).containsExactly("one 1", "one 2", "one 3");
        assertThat(repo().logs(id, "n", 1, 1, 3, 10)).extracting(LogLine::text).containsExactly("one 4", "one 5");
        assertThat(repo().logs(id, "n", 0, 0, 0, 10)).containsExactly(lines.get(5), lines.get(6));
        assertThat(repo().logs(id, "n", 1, 0, 6, 10)).extracting(LogLine::text).containsExactly("two 2");
        assertThat(repo().logs(id, "silent", 0, 0, 0, 10)).isEmpty();
    }

    /**
     * An engine whose lease ran out may still write lines of an attempt another engine has taken over;
     * one taken key must not lose the batch's other lines (of any task): only that line is skipped, and
     * the stored one stays.
     */
    @Test
    default void a_batch_with_a_taken_log_key_stores_every_other_line() {
        var id = taskId();
        var other = taskId();
        var stored = new LogLine(id, "n", 1, 1, 5, "stdout", "stored by the new owner", at(1));
        repo().appendLogs(List.of(stored));

        var late = new LogLine(id, "n", 1, 1, 5, "stdout", "late line of the old owner", at(2));
        var next = new LogLine(id, "n", 1, 1, 6, "stdout", "next", at(3));
        var elsewhere = new LogLine(other, "m", 1, 1, 1, "stderr", "another task", at(4));
        repo().appendLogs(List.of(next, late, elsewhere));

        assertThat(repo().logs(id, "n", 1, 1, 0, 10)).containsExactly(stored, next);
        assertThat(repo().logs(other, "m", 1, 1, 0, 10)).containsExactly(elsewhere);
    }

    @Test
    default void each_loop_pass_has_its_own_log_and_zero_means_the_latest_pass() {
        var id = taskId();
        var first = new LogLine(id, "poll", 1, 1, 10, "stdout", "pass 1", at(1));
        var retried = new LogLine(id, "poll", 2, 1, 20, "stdout", "pass 2 attempt 1", at(2));
        var second = new LogLine(id, "poll", 2, 2, 30, "stdout", "pass 2 attempt 2", at(3));
        repo().appendLogs(List.of(first, retried, second));

        assertThat(repo().logs(id, "poll", 1, 1, 0, 10)).containsExactly(first);
        assertThat(repo().logs(id, "poll", 2, 1, 0, 10)).containsExactly(retried);
        assertThat(repo().logs(id, "poll", 0, 0, 0, 10)).containsExactly(second);
        assertThat(repo().logs(id, "poll", 0, 1, 0, 10)).containsExactly(retried);
        assertThat(repo().logs(id, "poll", 3, 0, 0, 10)).isEmpty();
        assertThat(repo().logAttemptsAfter(id, "poll", 1, 1)).extracting(pa -> pa[0] + "/" + pa[1])
                .containsExactly("2/1", "2/2");
        assertThat(repo().logAttemptsAfter(id, "poll", 2, 1)).extracting(pa -> pa[0] + "/" + pa[1]).containsExactly("2/2");
        assertThat(repo().logAttemptsAfter(id, "poll", 2, 2)).isEmpty();
    }

    /**
     * A restarted engine whose clock is set back, or that starts in the same millisecond as the process
     * before it, has a seq counter at or below the seqs already stored. It takes over the attempt in flight
     * through {@code lastLogSeq}, so that attempt's lines keep their order and none collides (a colliding line
     * would not be stored); a pass it starts afresh may reuse an earlier pass's seqs.
     */
    @Test
    default void an_attempt_taken_over_after_a_restart_continues_after_its_stored_lines_whatever_the_clock() {
        var id = taskId();
        long ms = 1_767_225_600_000L;
        var first = new LogSequence(clockAt(ms));
        var pass1 = List.of(new LogLine(id, "job", 1, 1, first.next(), "stdout", "pass 1 line 1", at(1)),
                new LogLine(id, "job", 1, 1, first.next(), "stdout", "pass 1 line 2", at(2)));
        repo().appendLogs(pass1);
        repo().appendLogs(List.of(new LogLine(id, "job", 2, 1, first.next(), "stdout", "before the restarts", at(3))));
        assertThat(repo().lastLogSeq(id, "job", 2, 1)).isEqualTo(ms * 1_000 + 3);
        assertThat(repo().lastLogSeq(id, "job", 1, 1)).isEqualTo(ms * 1_000 + 2);
        assertThat(repo().lastLogSeq(id, "job", 2, 2)).isZero();

        var sameMillisecond = new LogSequence(clockAt(ms));
        sameMillisecond.continueAfter(repo().lastLogSeq(id, "job", 2, 1));
        repo().appendLogs(List.of(new LogLine(id, "job", 2, 1, sameMillisecond.next(), "stdout", "same millisecond", at(4))));
        var setBack = new LogSequence(clockAt(ms - 60_000));
        setBack.continueAfter(repo().lastLogSeq(id, "job", 2, 1));
        repo().appendLogs(List.of(new LogLine(id, "job", 2, 1, setBack.next(), "stdout", "clock set back", at(5)),
                new LogLine(id, "job", 2, 1, setBack.next(), "stderr", "last line", at(6))));
        // a fresh pass of an engine that started in the first one's millisecond: pass 1's seqs again
        var fresh = new LogSequence(clockAt(ms));
        var pass3 = new LogLine(id, "job", 3, 1, fresh.next(), "stdout", "pass 3", at(7));
        repo().appendLogs(List.of(pass3));

        assertThat(repo().logs(id, "job", 2, 1, 0, 10)).extracting(LogLine::text)
                .containsExactly("before the restarts", "same millisecond", "clock set back", "last line");
        assertThat(repo().logs(id, "job", 2, 1, ms * 1_000 + 3, 10)).as("a reader that had the first line")
                .extracting(LogLine::text).containsExactly("same millisecond", "clock set back", "last line");
        assertThat(repo().logs(id, "job", 1, 1, 0, 10)).containsExactlyElementsOf(pass1);
        assertThat(pass3.seq()).isEqualTo(pass1.getFirst().seq());
        assertThat(repo().logs(id, "job", 0, 0, 0, 10)).containsExactly(pass3);
    }

    private static Clock clockAt(long epochMilli) {
        return Clock.fixed(Instant.ofEpochMilli(epochMilli), ZoneOffset.UTC);
    }

    @Test
    default void inbox_commands_wait_for_the_owner_and_are_answered_by_a_write() {
        var owner = "inbox-" + taskId();
        var id = taskId();
        repo().insertTask(newTask(id), created(id));
        repo().claim(id, owner, at(60), at(0));
        var retry = repo().enqueueCommand(id, "bob", Map.of("op", "retry", "nodeId", "deploy"), at(1));
        var pause = repo().enqueueCommand(id, "carol", Map.of("op", "pause"), at(2));

        var pending = repo().pendingCommands(owner, 10);
        assertThat(pending).extracting(c -> c.id()).containsExactly(retry, pause);
        assertThat(pending.getFirst().payload()).containsEntry("op", "retry").containsEntry("nodeId", "deploy");
        assertThat(pending.getFirst().actor()).isEqualTo("bob");
        assertThat(pending.getFirst().createdAt()).isEqualTo(at(1));
        assertThat(repo().pendingCommands("someone-else", 10)).isEmpty();
        assertThat(repo().commandResult(retry)).isEmpty();

        assertThat(repo().write(List.of(set(id, owner, 0).answer(retry, "ok").build()))).containsExactly(true);
        repo().answerCommand(pause, "error:409:not running");
        repo().answerCommand(pause, "ok");

        assertThat(repo().commandResult(retry)).contains("ok");
        assertThat(repo().commandResult(pause)).contains("error:409:not running");
        assertThat(repo().pendingCommands(owner, 10)).isEmpty();
    }

    @Test
    default void a_fenced_off_write_leaves_its_commands_unanswered() {
        var id = startedTask();
        var cmd = repo().enqueueCommand(id, "bob", Map.of("op", "pause"), at(1));
        assertThat(repo().write(List.of(set(id, ENGINE_B, 0).answer(cmd, "ok").build()))).containsExactly(false);
        assertThat(repo().commandResult(cmd)).isEmpty();
    }
}
