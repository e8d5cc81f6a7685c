package dev.opsflow.engine.task;

import static dev.opsflow.engine.task.TaskEventsAssert.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Retry, onError and timeout policies as the decider evaluates them. */
class DeciderPolicyTest {

    @Test
    void a_failed_attempt_with_fixed_backoff_schedules_a_retry_timer_and_the_timer_starts_the_next_attempt() {
        var f = FlowHarness.of(Templates.retry("{maxAttempts: 3, backoff: fixed, interval: 10s}"));
        f.start();

        var failed = f.fail("flaky", "exit 1");

        assertThatEvents(failed.events()).trail().containsExactly("NODE_RETRY_SCHEDULED flaky");
        var scheduled = failed.events().getFirst();
        assertThat(scheduled.reason()).isEqualTo("exit 1");
        assertThat(scheduled.data()).isEqualTo(Map.of("failedAttempt", 1, "delayMs", 10_000L));
        assertThat(failed.timers()).containsExactly(new Decision.Timer("flaky", 1, 1, FlowHarness.T0.plusSeconds(10),
                Decision.TimerKind.RETRY));
        assertThat(f.node("flaky").state).isEqualTo(NodeState.READY);
        assertThat(f.node("flaky").dueAt).isEqualTo(FlowHarness.T0.plusSeconds(10));
        assertThat(f.node("flaky").error).isEqualTo("exit 1");
        assertThat(f.run.state).isEqualTo(TaskState.RUNNING);

        f.advance(Duration.ofSeconds(10));
        var due = f.timerDue("flaky");

        assertThatEvents(due.events()).trail().containsExactly("NODE_STARTED flaky");
        assertThat(due.events().getFirst().data()).containsEntry("attempt", 2);
        assertThat(due.dispatches()).containsExactly(new Decision.Dispatch("flaky", 2, Decision.Mode.EXECUTE));
        assertThat(f.node("flaky").dueAt).isNull();
    }

    @Test
    void a_retry_timer_that_fires_early_is_armed_again_without_starting_the_node() {
        var f = FlowHarness.of(Templates.retry("{maxAttempts: 2, interval: 10s}"));
        f.start();
        f.fail("flaky", "exit 1");
        f.advance(Duration.ofSeconds(9));

        var early = f.timerDue("flaky");

        assertThat(early.events()).isEmpty();
        assertThat(early.dispatches()).isEmpty();
        assertThat(early.timers()).containsExactly(new Decision.Timer("flaky", 1, 1, FlowHarness.T0.plusSeconds(10),
                Decision.TimerKind.RETRY));
        assertThat(f.node("flaky").state).isEqualTo(NodeState.READY);
    }

    @Test
    void attempts_are_counted_and_the_last_allowed_failure_fails_the_node_and_the_task() {
        var f = FlowHarness.of(Templates.retry("{maxAttempts: 3, backoff: fixed, interval: 10s}"));
        f.start();
        for (int i = 0; i < 2; i++) {
            f.fail("flaky", "exit " + (i + 1));
            f.advance(Duration.ofSeconds(10));
            f.timerDue("flaky");
        }

        var last = f.fail("flaky", "exit 3");

        assertThatEvents(last.events()).trail().containsExactly("NODE_FAILED flaky", "TASK_FAILED");
        assertThat(last.events().getFirst().data()).isEqualTo(Map.of("attempt", 3, "continues", false));
        assertThat(f.eventsOf("NODE_RETRY_SCHEDULED", "flaky")).extracting(e -> e.data().get("failedAttempt"))
                .containsExactly(1, 2);
        assertThat(f.dispatched).extracting(Decision.Dispatch::attempt).containsExactly(1, 2, 3);
        assertThat(f.node("flaky").error).isEqualTo("exit 3");
        assertThat(f.event("TASK_FAILED", null).reason()).isEqualTo("nodes need action: flaky");
    }

    @Test
    void exponential_backoff_doubles_the_delay_up_to_the_cap() {
        var f = FlowHarness.of(Templates.retry("{maxAttempts: 5, backoff: exponential, interval: 1s, maxInterval: 3s}"));
        f.start();
        for (int i = 0; i < 4; i++) {
            var d = f.fail("flaky", "exit 1");
            var timer = d.timers().getFirst();
            assertThat(timer.kind()).isEqualTo(Decision.TimerKind.RETRY);
            f.now = timer.at();
            f.timerDue("flaky");
        }

        assertThat(f.eventsOf("NODE_RETRY_SCHEDULED", "flaky")).extracting(e -> e.data().get("delayMs"))
                .containsExactly(1_000L, 2_000L, 3_000L, 3_000L);
        assertThat(f.timers).extracting(Decision.Timer::at).containsExactly(
                FlowHarness.T0.plusSeconds(1), FlowHarness.T0.plusSeconds(3), FlowHarness.T0.plusSeconds(6),
                FlowHarness.T0.plusSeconds(9));
        assertThat(f.node("flaky").attempt).isEqualTo(5);
    }

    @Test
    void on_error_ignore_records_the_failure_and_continues_the_branch() {
        var f = FlowHarness.of(Templates.step("onError: ignore"));
        f.start();

        var failed = f.fail("step", "not critical");

        assertThatEvents(failed.events()).trail().containsExactly(
                "NODE_FAILED step", "NODE_STARTED after");
        assertThat(failed.events().getFirst().data()).containsEntry("continues", true);
        assertThat(f.node("step").continued).isTrue();
        f.runPending();
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
        assertThat(f.node("step").state).isEqualTo(NodeState.FAILED);
    }

    @Test
    void a_node_whose_branch_already_continued_cannot_be_retried() {
        var f = FlowHarness.of(Templates.step("onError: ignore"));
        f.start();
        f.fail("step", "not critical");

        assertThatThrownBy(() -> f.retry("step", null))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Node 'step' failed but its branch already continued (onError: ignore or a fail-and-continue timeout); it cannot be retried");
    }

    @Test
    void skipping_a_node_whose_branch_already_continued_is_rejected_with_a_message_that_says_why() {
        var f = FlowHarness.of(Templates.step("onError: ignore"));
        f.start();
        f.fail("step", "not critical");

        assertThatThrownBy(() -> f.skip("step", Map.of()))
                .isInstanceOf(StateConflictException.class)
                .hasMessageContaining("already continued")
                .hasMessageNotContaining("but was FAILED");
    }

    @Test
    void a_timeout_cancels_the_attempt_and_fails_the_node() {
        var f = FlowHarness.of(Templates.step("timeout: 30s"));
        var started = f.start();
        assertThat(started.timers()).containsExactly(new Decision.Timer("step", 1, 1, FlowHarness.T0.plusSeconds(30),
                Decision.TimerKind.TIMEOUT));
        f.advance(Duration.ofSeconds(30));

        var timedOut = f.timedOut("step");

        assertThat(timedOut.cancels()).containsExactly(new Decision.Cancel("step", 1, "timed out after 30s", false));
        assertThatEvents(timedOut.events()).trail().containsExactly("NODE_FAILED step", "TASK_FAILED");
        assertThat(timedOut.events().getFirst().reason()).isEqualTo("timed out after 30s");
        assertThat(timedOut.events().getFirst().data()).containsEntry("continues", false);
        assertThat(f.state("after")).isEqualTo(NodeState.PENDING);
    }

    @Test
    void a_timeout_with_fail_and_continue_fails_the_node_but_the_task_goes_on() {
        var f = FlowHarness.of(Templates.step("timeout: {duration: 30s, action: fail-and-continue}"));
        f.start();
        f.advance(Duration.ofSeconds(30));

        var timedOut = f.timedOut("step");

        assertThat(timedOut.cancels()).containsExactly(new Decision.Cancel("step", 1, "timed out after 30s", false));
        assertThatEvents(timedOut.events()).trail().containsExactly(
                "NODE_FAILED step", "NODE_STARTED after");
        assertThat(timedOut.events().getFirst().data()).containsEntry("continues", true);
        f.runPending();
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void a_timed_out_attempt_is_retried_when_the_retry_policy_allows() {
        var f = FlowHarness.of(Templates.step("timeout: 30s, retry: {maxAttempts: 2, interval: 5s}"));
        f.start();
        f.advance(Duration.ofSeconds(30));

        var timedOut = f.timedOut("step");

        assertThatEvents(timedOut.events()).trail().containsExactly("NODE_RETRY_SCHEDULED step");
        assertThat(timedOut.cancels()).hasSize(1);
        assertThat(timedOut.timers()).containsExactly(new Decision.Timer("step", 1, 1, f.now.plusSeconds(5),
                Decision.TimerKind.RETRY));
        f.advance(Duration.ofSeconds(5));
        var retried = f.timerDue("step");
        assertThat(retried.timers()).containsExactly(new Decision.Timer("step", 1, 2, f.now.plusSeconds(30),
                Decision.TimerKind.TIMEOUT));
    }

    @Test
    void a_timeout_of_an_attempt_that_already_finished_is_stale() {
        var f = FlowHarness.of(Templates.step("timeout: 30s"));
        f.start();
        f.succeed("step");
        f.advance(Duration.ofSeconds(30));

        var late = f.send(new Signal.TimedOut("step", 1));

        assertThat(late.isEmpty()).isTrue();
        assertThat(late.cancels()).isEmpty();
    }

    @Test
    void a_timeout_timer_left_over_from_an_earlier_loop_pass_does_not_time_out_the_current_pass() {
        var f = FlowHarness.of(Templates.LOOP);
        f.start(); // pass 1, attempt 1: timeout armed for T0+60s
        f.advance(Duration.ofSeconds(10));
        f.succeed("work", Map.of("again", true)); // pass 2, attempt 1 starts at T0+10s: its timeout is T0+70s
        assertThat(f.node("work").pass).isEqualTo(2);
        assertThat(f.node("work").attempt).isEqualTo(1);

        f.now = FlowHarness.T0.plusSeconds(60);
        var leftover = f.send(new Signal.TimedOut("work", 1, 1)); // pass 1, attempt 1: its timer is armed with the pass

        assertThat(leftover.isEmpty()).as("pass 2 has run for 50s of its 60s").isTrue();
        assertThat(leftover.cancels()).isEmpty();
        assertThat(f.node("work").state).isEqualTo(NodeState.RUNNING);
    }
}
