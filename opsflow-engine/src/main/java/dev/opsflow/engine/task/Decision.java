package dev.opsflow.engine.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Decider} decided for one signal. The executor persists it in one transaction and
 * only then performs {@link #dispatches()}, {@link #timers()} and {@link #cancels()}.
 *
 * @param nodes      changed node runs (new copies)
 * @param events     events to append, seq continuing the task's
 * @param taskState  new task state, or null when unchanged
 * @param startedAt  set when the task started, else null
 * @param finishedAt set when the task ended, else null
 * @param outputs    task outputs when it finished, else null
 * @param converges  converge counters changed
 * @param dispatches plugin runs to begin after commit
 * @param timers     timers to arm after commit
 * @param cancels    running attempts to cancel after commit
 */
public record Decision(List<NodeRun> nodes, List<TaskEvent> events, TaskState taskState, Instant startedAt,
                       Instant finishedAt, Map<String, Object> outputs, Map<String, int[]> converges,
                       List<Dispatch> dispatches, List<Timer> timers, List<Cancel> cancels) {

    /** @return true when nothing changed (a stale outcome, for example) */
    public boolean isEmpty() {
        return nodes.isEmpty() && events.isEmpty() && taskState == null && timers.isEmpty();
    }

    /** How a dispatched attempt is run. */
    public enum Mode { EXECUTE, POLL, SUBFLOW }

    /** Run {@code mode} for the node's {@code attempt} (inputs are on the node run). */
    public record Dispatch(String nodeId, int attempt, Mode mode) { }

    /** What a timer does when due. */
    public enum TimerKind { RETRY, POLL, TIMEOUT }

    /** Arm a timer for the node's attempt at {@code at}. */
    public record Timer(String nodeId, int pass, int attempt, Instant at, TimerKind kind) {
        /** A timer not tied to a pass (pass 0). */
        public Timer(String nodeId, int attempt, Instant at, TimerKind kind) {
            this(nodeId, 0, attempt, at, kind);
        }
    }

    /**
     * Cancel the node's attempt in progress.
     *
     * @param waiting the attempt was WAITING (poll or callback style), so its plugin may be told through
     *                {@code Plugin.cancel}; a RUNNING one is stopped only through its cancellation token
     */
    public record Cancel(String nodeId, int attempt, String reason, boolean waiting) { }
}
