package dev.opsflow.engine.task;

import static dev.opsflow.engine.task.TaskEventsAssert.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsflow.engine.plugin.PluginResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Outcomes from plugins, timers, recovery and child tasks; rendering; purity of the decider. */
class DeciderOutcomeTest {

    @Test
    void an_outcome_for_another_attempt_is_stale_and_decides_nothing() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();

        var stale = f.send(new Signal.Outcome("build", 2, PluginResult.succeeded(Map.of()), TaskEvent.ENGINE));
        var unknown = f.send(new Signal.Outcome("deploy", 1, PluginResult.succeeded(Map.of()), TaskEvent.ENGINE));

        for (var d : new Decision[]{stale, unknown}) {
            assertThat(d.isEmpty()).isTrue();
            assertThat(d.dispatches()).isEmpty();
            assertThat(d.cancels()).isEmpty();
            assertThat(d.converges()).isEmpty();
        }
        assertThat(f.node("build").state).isEqualTo(NodeState.RUNNING);
    }

    @Test
    void an_interrupted_attempt_fails_with_error_interrupted_and_can_be_retried() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();

        var d = f.send(new Signal.Interrupted("build", 1));

        assertThatEvents(d.events()).trail().containsExactly("NODE_INTERRUPTED build", "TASK_FAILED");
        assertThat(d.events().getFirst().actor()).isEqualTo(TaskEvent.ENGINE);
        assertThat(d.events().getFirst().data()).containsEntry("attempt", 1);
        assertThat(f.node("build").state).isEqualTo(NodeState.FAILED);
        assertThat(f.node("build").error).isEqualTo("interrupted");
        assertThat(f.send(new Signal.Interrupted("build", 1)).isEmpty()).as("only RUNNING attempts").isTrue();

        f.retry("build", null);
        assertThat(f.node("build").attempt).isEqualTo(2);
        assertThat(f.node("build").state).isEqualTo(NodeState.RUNNING);
    }

    @Test
    void an_approved_callback_records_the_decision_then_finishes_the_node() {
        var f = FlowHarness.of(Templates.APPROVAL);
        f.start();
        f.runPending();
        assertThat(f.node("approve").state).isEqualTo(NodeState.WAITING);
        assertThat(f.node("approve").waitingFor).isEqualTo("approval");
        assertThat(f.node("approve").pluginState).isEqualTo(Map.of("asked", true));
        assertThat(f.event("NODE_WAITING", "approve").data()).isEqualTo(Map.of("waitingFor", "approval"));
        int mark = f.events.size();

        f.callback("approve", "NODE_APPROVED", Map.of("approved", true, "comment", "ship it"), "bob");

        assertThat(f.trailFrom(mark)).containsExactly("NODE_APPROVED approve", "NODE_FINISHED approve",
                "NODE_FINISHED end", "TASK_FINISHED");
        var approved = f.event("NODE_APPROVED", "approve");
        assertThat(approved.actor()).isEqualTo("bob");
        assertThat(approved.reason()).isEqualTo("ship it");
        assertThat(f.run.outputs).isEqualTo(Map.of("approved", true));
    }

    @Test
    void a_rejected_callback_fails_the_node() {
        var f = FlowHarness.of(Templates.APPROVAL);
        f.start();
        f.runPending();
        int mark = f.events.size();

        f.callback("approve", "NODE_REJECTED", Map.of("approved", false, "comment", "not today"), "bob");

        assertThat(f.trailFrom(mark)).containsExactly("NODE_REJECTED approve", "NODE_FAILED approve", "TASK_FAILED");
        assertThat(f.node("approve").error).isEqualTo("rejected: not today");
    }

    @Test
    void a_callback_for_a_node_that_is_not_waiting_is_a_conflict() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();

        assertThatThrownBy(() -> f.send(new Signal.CallbackHandled("build", 1, "NODE_CALLBACK", null,
                PluginResult.succeeded(Map.of()), "bob")))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected node 'build' to be WAITING but was RUNNING");
        assertThatThrownBy(() -> f.send(new Signal.Callback("build", "NODE_CALLBACK", Map.of(), "bob")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_poll_plugin_waits_on_a_timer_and_is_polled_when_it_is_due() {
        var f = FlowHarness.of(Templates.SLEEP);
        f.start();
        f.runPending();

        var nap = f.node("nap");
        assertThat(nap.state).isEqualTo(NodeState.WAITING);
        assertThat(nap.waitingFor).isEqualTo("timer");
        assertThat(nap.dueAt).isEqualTo(FlowHarness.T0.plus(Duration.ofMinutes(5)));
        assertThat(f.timers).containsExactly(new Decision.Timer("nap", 1, 1, FlowHarness.T0.plus(Duration.ofMinutes(5)),
                Decision.TimerKind.POLL));
        assertThat(f.event("NODE_WAITING", "nap").data()).containsEntry("until", "2025-01-01T10:05:00Z");

        f.advance(Duration.ofMinutes(5));
        var due = f.timerDue("nap");
        assertThat(due.events()).isEmpty();
        assertThat(due.dispatches()).containsExactly(new Decision.Dispatch("nap", 1, Decision.Mode.POLL));

        f.runPending();
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
        assertThat(f.eventsOf("NODE_STARTED", "nap")).hasSize(1);
    }

    @Test
    void a_subflow_is_dispatched_as_a_child_and_its_mapped_outputs_become_the_nodes() {
        var f = FlowHarness.of(Templates.SUBFLOW);
        var started = f.start();
        assertThat(started.dispatches()).containsExactly(new Decision.Dispatch("deploy", 1, Decision.Mode.SUBFLOW));
        assertThat(f.node("deploy").inputs).isEqualTo(Map.of("v", "1.0"));
        f.outcome("deploy", PluginResult.waitForCallback(Map.of("child_task_id", "child-1")));
        assertThat(f.node("deploy").waitingFor).isEqualTo("subflow");

        var settled = f.send(new Signal.ChildSettled("deploy", 1, "child-1", TaskState.FINISHED,
                Map.of("child_url", "https://example.test", "other", 1)));

        assertThat(settled.events().getFirst().type()).isEqualTo("NODE_FINISHED");
        assertThat(f.node("deploy").outputs).isEqualTo(Map.of("url", "https://example.test", "task_id", "child-1"));
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
        assertThat(f.run.outputs).isEqualTo(Map.of("url", "https://example.test"));
    }

    @Test
    void a_child_that_did_not_finish_fails_the_subflow_node() {
        var f = FlowHarness.of(Templates.SUBFLOW);
        f.start();

        f.send(new Signal.ChildSettled("deploy", 1, "child-1", TaskState.REVOKED, Map.of()));

        assertThat(f.node("deploy").state).isEqualTo(NodeState.FAILED);
        assertThat(f.node("deploy").error).isEqualTo("child task child-1 ended REVOKED");
        assertThat(f.node("deploy").outputs).isEqualTo(Map.of("task_id", "child-1"));
        assertThat(f.send(new Signal.ChildSettled("deploy", 1, "child-1", TaskState.FINISHED, Map.of())).isEmpty())
                .as("a second settlement is stale").isTrue();
    }

    @Test
    void a_child_output_that_is_null_is_mapped_as_null_instead_of_crashing_the_decider() {
        var f = FlowHarness.of(Templates.SUBFLOW);
        f.start();
        var childOutputs = new HashMap<String, Object>();
        childOutputs.put("child_url", null); // what the child's renderOutputs stores after TASK_OUTPUT_FAILED

        f.send(new Signal.ChildSettled("deploy", 1, "child-1", TaskState.FINISHED, childOutputs));

        assertThat(f.node("deploy").state).isEqualTo(NodeState.FINISHED);
        assertThat(f.node("deploy").outputs).containsEntry("url", null);
    }

    @Test
    void a_task_output_that_cannot_be_rendered_is_null_and_recorded() {
        var f = FlowHarness.of("""
                name: outs
                outputs:
                  ok: "${build.x}"
                  missing: "${build.nope}"
                nodes:
                  - {id: start, kind: start, next: build}
                  - {id: build, plugin: noop, next: end}
                  - {id: end, kind: end}
                """);
        f.start();

        var finished = f.succeed("build", Map.of("x", "yes"));

        assertThat(f.trail()).endsWith("TASK_FINISHED", "TASK_OUTPUT_FAILED");
        assertThat(f.event("TASK_OUTPUT_FAILED", null).reason()).startsWith("output 'missing': ").contains("build.nope");
        assertThat(finished.outputs()).containsEntry("ok", "yes").containsEntry("missing", null);
        assertThat(finished.finishedAt()).isEqualTo(FlowHarness.T0);
    }

    @Test
    void inputs_that_cannot_be_rendered_fail_the_node_without_dispatching_it() {
        var f = FlowHarness.of("""
                name: broken
                nodes:
                  - {id: start, kind: start, next: build}
                  - {id: build, plugin: noop, next: deploy}
                  - {id: deploy, plugin: noop, retry: {maxAttempts: 3}, inputs: {outputs: {y: "${build.nope}"}}, next: end}
                  - {id: end, kind: end}
                """);
        f.start();

        var d = f.succeed("build", Map.of("x", 1));

        assertThatEvents(d.events()).trail().containsExactly(
                "NODE_FINISHED build", "NODE_STARTED deploy", "NODE_FAILED deploy", "TASK_FAILED");
        assertThat(d.dispatches()).isEmpty();
        assertThat(f.node("deploy").error).startsWith("inputs could not be rendered: ").contains("build.nope");
        assertThat(f.node("deploy").inputs).isEmpty();
        assertThat(f.event("NODE_FAILED", "deploy").data()).containsEntry("continues", false);
    }

    @Test
    void system_variables_are_available_to_inputs() {
        var f = FlowHarness.of("""
                name: sys
                nodes:
                  - {id: start, kind: start, next: build}
                  - {id: build, plugin: noop, inputs: {outputs: {who: "${_system.operator}", id: "${_system.task_id}", at: "${_system.start_time}"}}, next: end}
                  - {id: end, kind: end}
                """);
        f.start();

        assertThat(f.node("build").inputs).isEqualTo(Map.of("outputs",
                Map.of("who", FlowHarness.OPERATOR, "id", "task-1", "at", FlowHarness.T0.toString())));
    }

    @Test
    void the_decider_never_mutates_the_task_it_is_given() {
        var f = FlowHarness.of(Templates.PARALLEL);
        f.start();
        f.fail("a", "boom");
        var before = TaskRunSnapshot.of(f.run);
        var signals = new Signal[]{
                new Signal.Outcome("b", 1, PluginResult.succeeded(Map.of("from", "B")), TaskEvent.ENGINE),
                new Signal.RetryNode("a", Map.of("outputs", Map.of("from", "x")), "alice"),
                new Signal.SkipNode("a", Map.of("from", "s"), null, "alice"),
                new Signal.Pause("alice", null),
                new Signal.Revoke("alice", null),
                new Signal.ForceFail("b", null, "alice"),
                new Signal.TimedOut("b", 1),
                new Signal.Interrupted("b", 1)};

        for (var s : signals) {
            var d = f.decider.decide(f.template, f.run, s, f.now.plusSeconds(5));
            assertThat(d.isEmpty()).as("%s decided something", s).isFalse();
            assertThat(TaskRunSnapshot.of(f.run)).as("after %s", s).isEqualTo(before);
        }
        assertThat(f.run.nodes.get("a").state).isEqualTo(NodeState.FAILED);
    }

    @Test
    void decisions_continue_the_tasks_event_sequence_and_secret_names_are_only_used_for_masking() {
        var f = FlowHarness.of(Templates.LINEAR, Map.of("token", "s3cr3t"), Set.of("token"), Set.of());
        f.run.lastSeq = 41;

        var d = f.start();

        assertThatEvents(d.events()).haveGapFreeSequenceFrom(42);
        assertThat(f.run.secretValues()).containsExactly("s3cr3t");
    }
}
