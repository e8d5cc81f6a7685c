package dev.opsflow.engine.task;

import static dev.opsflow.engine.task.TaskEventsAssert.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token semantics of the graph: linear, parallel, inclusive, exclusive and loops, asserted on the event trail. */
class DeciderGraphTest {

    @Test
    void a_linear_flow_runs_each_node_once_and_finishes_with_rendered_outputs() {
        var f = FlowHarness.of(Templates.LINEAR);

        var started = f.start();

        assertThatEvents(started.events()).trail().containsExactly(
                "TASK_STARTED",
                "NODE_FINISHED start",
                "NODE_STARTED build");
        assertThat(started.taskState()).isEqualTo(TaskState.RUNNING);
        assertThat(started.startedAt()).isEqualTo(FlowHarness.T0);
        assertThat(started.dispatches()).containsExactly(new Decision.Dispatch("build", 1, Decision.Mode.EXECUTE));
        assertThat(f.node("build").inputs).isEqualTo(Map.of("outputs", Map.of("x", 41)));

        f.runPending();

        assertThat(f.trailFrom(started.events().size())).containsExactly(
                "NODE_FINISHED build", "NODE_STARTED deploy",
                "NODE_FINISHED deploy", "NODE_FINISHED end",
                "TASK_FINISHED");
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
        assertThat(f.run.outputs).isEqualTo(Map.of("result", 42));
        assertThat(f.run.finishedAt).isEqualTo(FlowHarness.T0);
        assertThat(f.node("deploy").inputs).isEqualTo(Map.of("outputs", Map.of("y", 42)));
        assertThatEvents(f.events).haveGapFreeSequenceFrom(1);
        assertThat(f.run.lastSeq).isEqualTo(f.events.size());
    }

    @Test
    void node_events_carry_attempt_and_pass_and_the_task_events_the_actor() {
        var f = FlowHarness.of(Templates.LINEAR);
        f.start();

        assertThat(f.event("NODE_STARTED", "build").data()).containsEntry("pass", 1);
        assertThat(f.event("NODE_STARTED", "build").data()).containsEntry("attempt", 1).containsEntry("pass", 1);
        assertThat(f.event("TASK_STARTED", null).actor()).isEqualTo(FlowHarness.OPERATOR);
        assertThat(f.event("TASK_STARTED", null).at()).isEqualTo(FlowHarness.T0);
        f.runPending();
        assertThat(f.event("NODE_FINISHED", "build").actor()).isEqualTo(TaskEvent.ENGINE);
    }

    @Test
    void a_parallel_split_runs_both_branches_and_the_converge_fires_once_after_the_last() {
        var f = FlowHarness.of(Templates.PARALLEL);
        var started = f.start();

        assertThat(started.dispatches()).extracting(Decision.Dispatch::nodeId).containsExactly("a", "b");
        assertThat(f.event("NODE_FINISHED", "split").data()).containsEntry("branches", List.of("a", "b"));
        assertThat(f.run.converges.get("join")).containsExactly(0, 2);

        var first = f.succeed("a", Map.of("from", "A"));
        assertThatEvents(first.events()).trail().containsExactly("NODE_FINISHED a");
        assertThat(f.run.converges.get("join")).containsExactly(1, 2);
        assertThat(f.state("join")).isEqualTo(NodeState.PENDING);

        var second = f.succeed("b", Map.of("from", "B"));
        assertThatEvents(second.events()).trail().containsExactly(
                "NODE_FINISHED b", "NODE_FINISHED join",
                "NODE_STARTED c");
        assertThat(f.node("c").inputs).isEqualTo(Map.of("outputs", Map.of("both", "AB")));

        f.runPending();
        assertThat(f.eventsOf("NODE_FINISHED", "join")).hasSize(1);
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void an_inclusive_gateway_runs_only_the_true_branches_and_its_converge_waits_only_for_them() {
        var f = FlowHarness.of(Templates.INCLUSIVE, Map.of("want_a", true, "want_b", true));
        var started = f.start();

        assertThat(started.dispatches()).extracting(Decision.Dispatch::nodeId).containsExactly("a", "b");
        assertThat(f.event("NODE_FINISHED", "split").data()).containsEntry("branches", List.of("a", "b"));
        assertThat(f.run.converges.get("join")).containsExactly(0, 2);
        f.succeed("a");
        assertThat(f.state("join")).isEqualTo(NodeState.PENDING);
        f.succeed("b");

        assertThat(f.state("c")).isEqualTo(NodeState.PENDING);
        assertThat(f.eventsOf("NODE_FINISHED", "join")).hasSize(1);
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void an_inclusive_gateway_with_one_true_branch_converges_after_that_branch_alone() {
        var f = FlowHarness.of(Templates.INCLUSIVE, Map.of("want_a", false, "want_b", true));
        f.start();
        assertThat(f.run.converges.get("join")).containsExactly(0, 1);

        f.runPending();

        assertThatEvents(f.events).touchOnlyNodes("start", "split", "b", "join", "end");
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void an_inclusive_gateway_takes_the_default_branch_when_no_condition_holds() {
        var f = FlowHarness.of(Templates.INCLUSIVE, Map.of("want_a", false, "want_b", false));
        f.start();

        assertThat(f.event("NODE_FINISHED", "split").data()).containsEntry("branches", List.of("c"));
        f.runPending();
        assertThatEvents(f.events).touchOnlyNodes("start", "split", "c", "join", "end");
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void an_exclusive_gateway_takes_only_the_first_branch_whose_condition_holds() {
        var f = FlowHarness.of(Templates.EXCLUSIVE, Map.of("env", "production"));
        f.start();

        assertThat(f.event("NODE_FINISHED", "route").data()).containsEntry("branches", List.of("prod"));
        f.runPending();
        assertThatEvents(f.events).touchOnlyNodes("start", "route", "prod", "end");
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void an_exclusive_gateway_takes_a_later_branch_and_falls_back_to_the_default() {
        var staging = FlowHarness.of(Templates.EXCLUSIVE, Map.of("env", "staging"));
        staging.start();
        staging.runPending();
        assertThatEvents(staging.events).touchOnlyNodes("start", "route", "stage", "end");

        var dev = FlowHarness.of(Templates.EXCLUSIVE, Map.of("env", "dev"));
        dev.start();
        dev.runPending();
        assertThatEvents(dev.events).touchOnlyNodes("start", "route", "other", "end");
        assertThat(dev.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void an_exclusive_gateway_without_match_or_default_fails_itself_and_then_the_task() {
        var f = FlowHarness.of(Templates.EXCLUSIVE_WITHOUT_DEFAULT, Map.of("env", "dev"));
        var started = f.start();

        assertThatEvents(started.events()).trail().containsExactly(
                "TASK_STARTED",
                "NODE_FINISHED start",
                "NODE_FAILED route",
                "TASK_FAILED");
        assertThat(f.node("route").state).isEqualTo(NodeState.FAILED);
        assertThat(f.node("route").error).isEqualTo("no branch condition holds and there is no default branch");
        assertThat(f.event("TASK_FAILED", null).reason()).isEqualTo("nodes need action: route");
        assertThat(started.dispatches()).isEmpty();
    }

    @Test
    void a_condition_that_cannot_be_evaluated_fails_the_gateway_with_the_reason() {
        var f = FlowHarness.of(Templates.LOOP);
        f.start();

        f.succeed("work", Map.of("unrelated", 1)); // the condition reads work.again, which is missing

        assertThat(f.node("check").state).isEqualTo(NodeState.FAILED);
        assertThat(f.node("check").error).startsWith("condition failed: ").contains("work.again");
        assertThat(f.run.state).isEqualTo(TaskState.FAILED);
    }

    @Test
    void a_loop_through_an_exclusive_back_edge_counts_passes_and_restarts_attempts() {
        var f = FlowHarness.of(Templates.LOOP);
        f.start();

        f.succeed("work", Map.of("again", true));
        assertThat(f.node("work").pass).isEqualTo(2);
        assertThat(f.node("work").attempt).isEqualTo(1);
        f.succeed("work", Map.of("again", true));
        f.succeed("work", Map.of("again", false));

        assertThat(f.eventsOf("NODE_STARTED", "work")).extracting(e -> e.data().get("pass")).containsExactly(1, 2, 3);
        assertThat(f.eventsOf("NODE_STARTED", "work")).extracting(e -> e.data().get("attempt")).containsExactly(1, 1, 1);
        assertThat(f.eventsOf("NODE_FINISHED", "check")).extracting(e -> e.data().get("branches"))
                .containsExactly(List.of("work"), List.of("work"), List.of("end"));
        assertThat(f.run.state).isEqualTo(TaskState.FINISHED);
    }

    @Test
    void a_loop_that_exceeds_the_node_loop_limit_fails_that_node() {
        var f = FlowHarness.of(Templates.LOOP);
        f.start();
        f.succeed("work", Map.of("again", true));
        f.succeed("work", Map.of("again", true));

        var last = f.succeed("work", Map.of("again", true));

        assertThatEvents(last.events()).trail().containsExactly(
                "NODE_FINISHED work", "NODE_FINISHED check",
                "NODE_FAILED work", "TASK_FAILED");
        assertThat(f.eventsOf("NODE_FAILED", "work").getLast().data()).containsEntry("pass", 4);
        assertThat(f.node("work").error).isEqualTo("loop limit 3 exceeded");
        assertThat(f.event("NODE_FAILED", "work").reason()).isEqualTo("loop limit 3 exceeded");
        assertThat(last.dispatches()).isEmpty();
        assertThat(f.run.state).isEqualTo(TaskState.FAILED);
    }
}
