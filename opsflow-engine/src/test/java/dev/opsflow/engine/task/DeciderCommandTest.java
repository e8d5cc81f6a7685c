package dev.opsflow.engine.task;

import static dev.opsflow.engine.task.TaskEventsAssert.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Operator commands: retry, skip, force-fail, pause/resume, revoke, breakpoints and deselected nodes. */
class DeciderCommandTest {

    @Test
    void a_failed_branch_leaves_the_task_running_until_the_other_branch_settles_then_the_task_fails() {
        var f = FlowHarness.of(Templates.PARALLEL);
        f.start();

        var failed = f.fail("a", "boom");
        assertThatEvents(failed.events()).trail().containsExactly("NODE_FAILED a");
        assertThat(failed.taskState()).isNull();
        assertThat(f.run.state).isEqualTo(TaskState.RUNNING);

        var settled = f.succeed("b", Map.of("from", "B"));
        assertThatEvents(settled.events()).trail().containsExactly("NODE_FINISHED b", "TASK_FAILED");
        assertThat(settled.events().getLast().reason()).isEqualTo("nodes need action: a");
        assertThat(f.state("join")).isEqualTo(NodeState.PENDING);
        assertThat(f.run.converges.get("join")).containsExactly(1, 2);
    }

    @Test
    void an_operator_retry_with_edited_inputs_reopens_the_failed_task_and_runs_the_new_inputs() {
        var f = FlowHarness.of(Templates.PARALLEL);
        f.start();
        f.fail("a", "boom");
        f.succeed("b", Map.of("from", "B"));
        int mark = f.events.size();

        var retried = f.retry("a", Map.of("outputs", Map.of("from", "fixed-")));

        assertThat(f.trailFrom(mark)).containsExactly("NODE_RETRIED a", "TASK_RESUMED", "NODE_STARTED a");
        var event = f.event("NODE_RETRIED", "a");
        assertThat(event.actor()).isEqualTo(FlowHarness.OPERATOR);
        assertThat(event.data()).containsEntry("attempt", 2);
        assertThat(names(event.data().get("editedInputs"))).containsExactly("outputs");
        assertThat(f.event("TASK_RESUMED", null).reason()).isEqualTo("node 'a' retried");
        assertThat(retried.taskState()).isEqualTo(TaskState.RUNNING);
        assertThat(retried.dispatches()).containsExactly(new Decision.Dispatch("a", 2, Decision.Mode.EXECUTE));
        assertThat(f.node("a").inputs).isEqualTo(Map.of("outputs", Map.of("from", "fixed-")));
        assertThat(f.node("a").error).isNull();

        f.runPending();
        assertThat(f.node("c").outputs).isEqualTo(Map.of("both", "fixed-B"));
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void the_retry_event_keeps_the_edited_input_names_even_if_the_caller_reuses_its_map() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();
        f.fail("build", "boom");
        var inputs = new HashMap<String, Object>(Map.of("outputs", Map.of("x", 1)));

        f.retry("build", inputs);
        inputs.clear();
        inputs.put("fail", "changed later");

        assertThat(names(f.event("NODE_RETRIED", "build").data().get("editedInputs"))).containsExactly("outputs");
    }

    @Test
    void retrying_a_node_that_did_not_fail_is_a_conflict() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();

        assertThatThrownBy(() -> f.retry("build", null))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected node 'build' to be FAILED but was RUNNING");
        assertThatThrownBy(() -> f.retry("deploy", null))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected node 'deploy' to be FAILED, SUSPENDED, RUNNING or WAITING but was PENDING");
        assertThatThrownBy(() -> f.retry("nope", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retrying_a_gateway_that_still_has_no_matching_branch_fails_it_again() {
        var f = FlowHarness.of(Templates.EXCLUSIVE_WITHOUT_DEFAULT, Map.of("env", "dev"));
        f.start();
        int mark = f.events.size();

        f.retry("route", null);

        assertThat(f.trailFrom(mark)).containsExactly(
                "NODE_RETRIED route", "TASK_RESUMED", "NODE_FAILED route", "TASK_FAILED");
        assertThat(f.node("route").state).isEqualTo(NodeState.FAILED);
        assertThat(f.node("route").pass).isEqualTo(1);
        assertThat(f.node("route").attempt).isEqualTo(2);
        assertThat(f.run.state).isEqualTo(TaskState.FAILED);
    }

    /** route is evaluated before ask has its answer: no branch holds. Retried after the answer, it finishes. */
    static final String EARLY_GATEWAY = """
            name: early
            nodes:
              - {id: start, kind: start, next: split}
              - {id: split, kind: parallel, branches: [{to: route}, {to: ask}]}
              - id: route
                kind: exclusive
                branches:
                  - {to: deploy, when: "ask.approved == true"}
                  - {to: hold, when: "ask.approved == false"}
              - {id: ask, plugin: approval, next: join}
              - {id: deploy, plugin: noop, next: join}
              - {id: hold, plugin: noop, next: join}
              - {id: join, kind: converge, next: end}
              - {id: end, kind: end}
            """;

    @Test
    void a_retried_gateway_is_the_next_attempt_of_its_pass_as_a_retried_activity_is() {
        var f = FlowHarness.of(EARLY_GATEWAY);
        f.start();
        f.runPending(); // ask waits for its approval
        assertThat(f.node("route").state).isEqualTo(NodeState.FAILED);
        assertThat(f.node("route").attempt).isEqualTo(1);
        f.callback("ask", "NODE_APPROVED", Map.of("approved", true), FlowHarness.OPERATOR);
        assertThat(f.run.state).isEqualTo(TaskState.FAILED);
        int mark = f.events.size();

        var retried = f.retry("route", null);

        assertThat(f.trailFrom(mark)).containsExactly(
                "NODE_RETRIED route", "TASK_RESUMED", "NODE_FINISHED route", "NODE_STARTED deploy");
        assertThat(f.event("NODE_RETRIED", "route").data()).containsEntry("attempt", 2);
        assertThat(retried.nodes()).filteredOn(n -> n.nodeId.equals("route")).singleElement()
                .satisfies(n -> {
                    assertThat(n.state).isEqualTo(NodeState.FINISHED);
                    assertThat(n.pass).isEqualTo(1);
                    assertThat(n.attempt).isEqualTo(2);
                });
        f.runPending();
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void skipping_a_failed_node_continues_the_flow_with_the_operators_outputs() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();
        f.fail("build", "compiler crashed");
        assertThat(f.run.state).isEqualTo(TaskState.FAILED);
        int mark = f.events.size();

        var skipped = f.skip("build", Map.of("x", 7));

        assertThat(f.trailFrom(mark)).containsExactly(
                "NODE_SKIPPED build", "TASK_RESUMED", "NODE_STARTED deploy");
        assertThat(f.event("NODE_SKIPPED", "build").reason()).isEqualTo("not needed");
        assertThat(names(f.event("NODE_SKIPPED", "build").data().get("outputs"))).containsExactly("x");
        assertThat(skipped.taskState()).isEqualTo(TaskState.RUNNING);
        assertThat(f.node("deploy").inputs).isEqualTo(Map.of("outputs", Map.of("y", 8)));

        f.runPending();
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
        assertThat(f.run.outputs).isEqualTo(Map.of("result", 8));
    }

    @Test
    void skipping_a_finished_node_is_a_conflict_with_the_standard_message() {
        var f = FlowHarness.of("""
                name: deploy
                nodes:
                  - {id: start, kind: start, next: deploy}
                  - {id: deploy, plugin: noop, next: verify}
                  - {id: verify, plugin: noop, next: end}
                  - {id: end, kind: end}
                """);
        f.start();
        f.succeed("deploy");
        f.fail("verify", "smoke test failed");
        assertThat(f.run.state).isEqualTo(TaskState.FAILED);

        assertThatThrownBy(() -> f.skip("deploy", Map.of()))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected node 'deploy' to be FAILED or SUSPENDED but was FINISHED");
    }

    @Test
    void a_gateway_cannot_be_skipped() {
        var f = FlowHarness.of(Templates.EXCLUSIVE_WITHOUT_DEFAULT, Map.of("env", "dev"));
        f.start();

        assertThatThrownBy(() -> f.skip("route", Map.of()))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Node 'route' is a exclusive node and cannot be skipped; retry it to evaluate it again");
    }

    @Test
    void force_failing_a_running_node_cancels_its_attempt_and_fails_the_task() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();

        var forced = f.send(new Signal.ForceFail("build", "stuck", FlowHarness.OPERATOR));

        assertThat(forced.cancels()).containsExactly(new Decision.Cancel("build", 1, "force-failed by alice", false));
        assertThatEvents(forced.events()).trail().containsExactly("NODE_FORCE_FAILED build", "TASK_FAILED");
        assertThat(forced.events().getFirst().reason()).isEqualTo("force-failed by alice: stuck");
        assertThat(f.node("build").error).isEqualTo("force-failed by alice: stuck");
        assertThat(f.run.state).isEqualTo(TaskState.FAILED);

        var late = f.send(new Signal.Outcome("build", 1, dev.opsflow.engine.plugin.PluginResult.succeeded(Map.of()),
                TaskEvent.ENGINE));
        assertThat(late.isEmpty()).as("the cancelled attempt's outcome is stale").isTrue();
    }

    @Test
    void force_failing_a_waiting_node_cancels_it_and_ignores_the_retry_policy() {
        var f = FlowHarness.of(Templates.APPROVAL);
        f.start();
        f.runPending();
        assertThat(f.node("approve").state).isEqualTo(NodeState.WAITING);

        var forced = f.send(new Signal.ForceFail("approve", null, FlowHarness.OPERATOR));

        assertThat(forced.cancels()).containsExactly(new Decision.Cancel("approve", 1, "force-failed by alice", true));
        assertThat(f.node("approve").state).isEqualTo(NodeState.FAILED);
        assertThat(f.node("approve").error).isEqualTo("force-failed by alice");
        assertThat(f.node("approve").waitingFor).isNull();
    }

    @Test
    void force_failing_a_node_that_is_not_running_or_waiting_is_a_conflict() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();
        f.runPending();

        assertThatThrownBy(() -> f.send(new Signal.ForceFail("build", null, FlowHarness.OPERATOR)))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected node 'build' to be RUNNING or WAITING but was FINISHED");
    }

    @Test
    void a_paused_task_starts_no_new_node_and_leaves_reached_nodes_ready() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();

        var paused = f.pause();
        assertThatEvents(paused.events()).trail().containsExactly("TASK_PAUSED");
        assertThat(paused.events().getFirst().reason()).isEqualTo("maintenance");
        assertThat(paused.cancels()).as("running attempts are not interrupted").isEmpty();

        var finished = f.succeed("build", Map.of("x", 1));
        assertThatEvents(finished.events()).trail().containsExactly("NODE_FINISHED build", "NODE_READY deploy");
        assertThat(finished.dispatches()).isEmpty();
        assertThat(f.node("deploy").state).isEqualTo(NodeState.READY);
        assertThat(f.run.state).isEqualTo(TaskState.PAUSED);

        var resumed = f.resume();
        assertThatEvents(resumed.events()).trail().containsExactly("TASK_RESUMED", "NODE_STARTED deploy");
        assertThat(resumed.dispatches()).containsExactly(new Decision.Dispatch("deploy", 1, Decision.Mode.EXECUTE));
        f.runPending();
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void a_retry_timer_due_while_paused_waits_for_resume() {
        var f = FlowHarness.of(Templates.retry("{maxAttempts: 2, interval: 10s}"));
        f.start();
        f.fail("flaky", "exit 1");
        f.pause();
        f.advance(Duration.ofSeconds(10));

        var due = f.timerDue("flaky");
        assertThat(due.events()).isEmpty();
        assertThat(due.dispatches()).isEmpty();
        assertThat(f.node("flaky").state).isEqualTo(NodeState.READY);

        var resumed = f.resume();
        assertThat(resumed.dispatches()).containsExactly(new Decision.Dispatch("flaky", 2, Decision.Mode.EXECUTE));
    }

    @Test
    void pause_and_resume_are_only_allowed_from_running_and_paused() {
        var f = FlowHarness.of(Templates.LINEAR);
        assertThatThrownBy(f::pause).isInstanceOf(StateConflictException.class)
                .hasMessage("Expected task 'task-1' to be RUNNING but was CREATED");
        f.start();
        assertThatThrownBy(f::resume).isInstanceOf(StateConflictException.class)
                .hasMessage("Expected task 'task-1' to be PAUSED but was RUNNING");
        assertThatThrownBy(f::start).isInstanceOf(StateConflictException.class)
                .hasMessage("Expected task 'task-1' to be CREATED but was RUNNING");
    }

    @Test
    void revoking_cancels_running_and_waiting_attempts_and_revokes_every_active_node() {
        var f = FlowHarness.of(Templates.RUNNING_AND_WAITING);
        f.start();
        f.outcome("approve", dev.opsflow.engine.plugin.PluginResult.waitForCallback(Map.of()));
        assertThat(f.node("approve").state).isEqualTo(NodeState.WAITING);
        int mark = f.events.size();

        var revoked = f.send(new Signal.Revoke(FlowHarness.OPERATOR, "wrong version"));

        assertThat(f.trailFrom(mark)).containsExactly("NODE_REVOKED work", "NODE_REVOKED approve", "TASK_REVOKED");
        assertThat(revoked.cancels()).containsExactlyInAnyOrder(
                new Decision.Cancel("work", 1, "task revoked by alice", false),
                new Decision.Cancel("approve", 1, "task revoked by alice", true));
        assertThat(revoked.taskState()).isEqualTo(TaskState.REVOKED);
        assertThat(revoked.finishedAt()).isEqualTo(FlowHarness.T0);
        assertThat(f.event("TASK_REVOKED", null).reason()).isEqualTo("wrong version");
        assertThat(f.succeed("work").isEmpty()).as("late outcome after revoke").isTrue();
        assertThatThrownBy(() -> f.send(new Signal.Revoke(FlowHarness.OPERATOR, null)))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected task 'task-1' to be CREATED, RUNNING, PAUSED or FAILED but was REVOKED");
    }

    @Test
    void a_task_can_be_revoked_before_it_starts() {
        var f = FlowHarness.of(Templates.LINEAR);

        var revoked = f.send(new Signal.Revoke(FlowHarness.OPERATOR, null));

        assertThatEvents(revoked.events()).trail().containsExactly("TASK_REVOKED");
        assertThat(revoked.cancels()).isEmpty();
    }

    @Test
    void a_breakpoint_suspends_the_node_until_an_operator_resumes_it() {
        var f = FlowHarness.of(Templates.step("breakpoint: true"));
        var started = f.start();

        assertThat(f.trail()).endsWith("NODE_SUSPENDED step");
        assertThat(f.event("NODE_SUSPENDED", "step").reason()).isEqualTo("breakpoint");
        assertThat(started.dispatches()).isEmpty();
        assertThat(f.run.state).isEqualTo(TaskState.RUNNING);
        int mark = f.events.size();

        var resumed = f.send(new Signal.ResumeNode("step", FlowHarness.OPERATOR));

        assertThat(f.trailFrom(mark)).containsExactly("NODE_RESUMED step", "NODE_STARTED step");
        assertThat(resumed.dispatches()).containsExactly(new Decision.Dispatch("step", 1, Decision.Mode.EXECUTE));
        assertThat(f.node("step").breakpointResumed).isTrue();
        assertThatThrownBy(() -> f.send(new Signal.ResumeNode("step", FlowHarness.OPERATOR)))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected node 'step' to be SUSPENDED but was RUNNING");
    }

    @Test
    void a_suspended_node_can_be_skipped() {
        var f = FlowHarness.of(Templates.step("breakpoint: true"));
        f.start();
        int mark = f.events.size();

        f.skip("step", null);

        assertThat(f.trailFrom(mark)).containsExactly("NODE_SKIPPED step", "NODE_STARTED after");
        assertThat(f.node("step").outputs).isEmpty();
    }

    @Test
    void a_deselected_optional_node_is_skipped_and_the_flow_continues() {
        var f = FlowHarness.of(Templates.step("optional: true"), Map.of(), Set.of(), Set.of("step"));
        var started = f.start();

        assertThat(f.trail()).endsWith("NODE_FINISHED start", "NODE_SKIPPED step", "NODE_STARTED after");
        assertThat(f.event("NODE_SKIPPED", "step").reason()).isEqualTo("deselected when the task was created");
        assertThat(started.dispatches()).extracting(Decision.Dispatch::nodeId).containsExactly("after");
        f.runPending();
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
        assertThat(f.node("step").state).isEqualTo(NodeState.SKIPPED);
        assertThat(f.dispatched).extracting(Decision.Dispatch::nodeId).doesNotContain("step");
    }

    @Test
    void node_commands_on_a_finished_task_are_conflicts() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();
        f.runPending();

        assertThatThrownBy(() -> f.retry("build", null))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected task 'task-1' to be RUNNING, PAUSED or FAILED but was FINISHED");
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    /** Event data holds key collections; compare them as lists of names. */
    private static List<String> names(Object keys) {
        return ((java.util.Collection<?>) keys).stream().map(String::valueOf).toList();
    }
}
