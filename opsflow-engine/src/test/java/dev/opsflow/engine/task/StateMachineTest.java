package dev.opsflow.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The two transition tables, checked cell by cell against their documented diagrams. */
class StateMachineTest {

    @Nested
    class TaskStates {
        static Stream<Arguments> allowed() {
            return Stream.of(
                    Arguments.of(TaskState.CREATED, TaskState.RUNNING),
                    Arguments.of(TaskState.CREATED, TaskState.REVOKED),
                    Arguments.of(TaskState.RUNNING, TaskState.PAUSED),
                    Arguments.of(TaskState.RUNNING, TaskState.FINISHED),
                    Arguments.of(TaskState.RUNNING, TaskState.FAILED),
                    Arguments.of(TaskState.RUNNING, TaskState.REVOKED),
                    Arguments.of(TaskState.PAUSED, TaskState.RUNNING),
                    Arguments.of(TaskState.PAUSED, TaskState.REVOKED),
                    Arguments.of(TaskState.FAILED, TaskState.RUNNING),
                    Arguments.of(TaskState.FAILED, TaskState.REVOKED));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("allowed")
        void every_documented_transition_is_allowed(TaskState from, TaskState to) {
            assertThat(from.canMoveTo(to)).isTrue();
        }

        @Test
        void nothing_outside_the_table_is_allowed() {
            var allowed = allowed().map(a -> a.get()[0] + "->" + a.get()[1]).toList();
            for (var from : TaskState.values()) {
                for (var to : TaskState.values()) {
                    var key = from + "->" + to;
                    assertThat(from.canMoveTo(to)).as(key).isEqualTo(allowed.contains(key));
                }
            }
        }

        @ParameterizedTest(name = "{0} -> {1} is forbidden")
        @MethodSource("forbiddenSample")
        void a_sample_of_forbidden_transitions_is_rejected(TaskState from, TaskState to) {
            assertThat(from.canMoveTo(to)).isFalse();
        }

        static Stream<Arguments> forbiddenSample() {
            return Stream.of(
                    Arguments.of(TaskState.CREATED, TaskState.FINISHED),
                    Arguments.of(TaskState.CREATED, TaskState.PAUSED),
                    Arguments.of(TaskState.PAUSED, TaskState.FINISHED),
                    Arguments.of(TaskState.PAUSED, TaskState.FAILED),
                    Arguments.of(TaskState.FAILED, TaskState.FINISHED),
                    Arguments.of(TaskState.FINISHED, TaskState.RUNNING),
                    Arguments.of(TaskState.REVOKED, TaskState.RUNNING),
                    Arguments.of(TaskState.RUNNING, TaskState.CREATED),
                    Arguments.of(TaskState.RUNNING, TaskState.RUNNING));
        }

        @Test
        void only_finished_and_revoked_are_terminal_and_they_have_no_way_out() {
            for (var s : TaskState.values()) {
                var hasExit = Stream.of(TaskState.values()).anyMatch(s::canMoveTo);
                assertThat(s.isTerminal()).as(s.name()).isEqualTo(s == TaskState.FINISHED || s == TaskState.REVOKED);
                assertThat(hasExit).as(s.name()).isEqualTo(!s.isTerminal());
            }
        }
    }

    @Nested
    class NodeStates {
        static Stream<Arguments> allowed() {
            return Stream.of(
                    Arguments.of(NodeState.PENDING, EnumSet.of(NodeState.RUNNING, NodeState.READY, NodeState.SUSPENDED,
                            NodeState.FINISHED, NodeState.FAILED, NodeState.SKIPPED, NodeState.REVOKED)),
                    Arguments.of(NodeState.READY, EnumSet.of(NodeState.RUNNING, NodeState.SUSPENDED, NodeState.SKIPPED,
                            NodeState.REVOKED)),
                    Arguments.of(NodeState.SUSPENDED, EnumSet.of(NodeState.READY, NodeState.SKIPPED, NodeState.REVOKED)),
                    Arguments.of(NodeState.RUNNING, EnumSet.of(NodeState.WAITING, NodeState.FINISHED, NodeState.FAILED,
                            NodeState.READY, NodeState.REVOKED)),
                    Arguments.of(NodeState.WAITING, EnumSet.of(NodeState.RUNNING, NodeState.FINISHED, NodeState.FAILED,
                            NodeState.READY, NodeState.REVOKED)),
                    Arguments.of(NodeState.FAILED, EnumSet.of(NodeState.READY, NodeState.SKIPPED, NodeState.REVOKED)),
                    Arguments.of(NodeState.FINISHED, EnumSet.noneOf(NodeState.class)),
                    Arguments.of(NodeState.SKIPPED, EnumSet.noneOf(NodeState.class)),
                    Arguments.of(NodeState.REVOKED, EnumSet.noneOf(NodeState.class)));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("allowed")
        void each_state_moves_exactly_to_its_documented_successors(NodeState from, Set<NodeState> to) {
            for (var next : NodeState.values()) {
                assertThat(from.canMoveTo(next)).as(from + " -> " + next).isEqualTo(to.contains(next));
            }
        }

        @ParameterizedTest(name = "{0} -> {1} is forbidden")
        @MethodSource("forbiddenSample")
        void a_sample_of_forbidden_transitions_is_rejected(NodeState from, NodeState to) {
            assertThat(from.canMoveTo(to)).isFalse();
        }

        static Stream<Arguments> forbiddenSample() {
            return Stream.of(
                    Arguments.of(NodeState.PENDING, NodeState.WAITING),
                    Arguments.of(NodeState.PENDING, NodeState.PENDING),
                    Arguments.of(NodeState.READY, NodeState.FINISHED),
                    Arguments.of(NodeState.FINISHED, NodeState.READY),
                    Arguments.of(NodeState.READY, NodeState.READY),
                    Arguments.of(NodeState.SUSPENDED, NodeState.RUNNING),
                    Arguments.of(NodeState.FINISHED, NodeState.FAILED),
                    Arguments.of(NodeState.FINISHED, NodeState.SKIPPED),
                    Arguments.of(NodeState.SKIPPED, NodeState.FINISHED),
                    Arguments.of(NodeState.FAILED, NodeState.FINISHED),
                    Arguments.of(NodeState.FAILED, NodeState.RUNNING),
                    Arguments.of(NodeState.REVOKED, NodeState.READY));
        }

        @Test
        void active_states_hold_the_branch_and_done_states_let_it_continue() {
            assertThat(EnumSet.allOf(NodeState.class).stream().filter(NodeState::isActive))
                    .containsExactlyInAnyOrder(NodeState.READY, NodeState.RUNNING, NodeState.WAITING, NodeState.SUSPENDED);
            assertThat(EnumSet.allOf(NodeState.class).stream().filter(NodeState::isDone))
                    .containsExactlyInAnyOrder(NodeState.FINISHED, NodeState.SKIPPED);
        }

        @Test
        void every_state_has_a_row_in_the_table() {
            assertThat(allowed().map(a -> (NodeState) a.get()[0])).containsExactlyInAnyOrder(NodeState.values());
        }
    }

    @Nested
    class ConflictMessages {
        @Test
        void a_node_conflict_names_the_expected_states_and_the_actual_one() {
            assertThat(StateConflictException.node("deploy", NodeState.FINISHED, NodeState.FAILED, NodeState.SUSPENDED))
                    .hasMessage("Expected node 'deploy' to be FAILED or SUSPENDED but was FINISHED");
        }

        @Test
        void a_single_expected_state_is_named_alone_and_longer_lists_use_commas() {
            assertThat(StateConflictException.node("gate", NodeState.RUNNING, NodeState.SUSPENDED))
                    .hasMessage("Expected node 'gate' to be SUSPENDED but was RUNNING");
            assertThat(StateConflictException.node("a", NodeState.PENDING, NodeState.FAILED, NodeState.SUSPENDED,
                    NodeState.RUNNING, NodeState.WAITING))
                    .hasMessage("Expected node 'a' to be FAILED, SUSPENDED, RUNNING or WAITING but was PENDING");
        }

        @Test
        void a_task_conflict_uses_the_same_form() {
            assertThat(StateConflictException.task("t-1", TaskState.FINISHED, TaskState.RUNNING, TaskState.PAUSED,
                    TaskState.FAILED))
                    .hasMessage("Expected task 't-1' to be RUNNING, PAUSED or FAILED but was FINISHED")
                    .isInstanceOf(RuntimeException.class);
        }
    }
}
