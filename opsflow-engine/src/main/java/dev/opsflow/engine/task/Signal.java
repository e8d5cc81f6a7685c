package dev.opsflow.engine.task;

import dev.opsflow.engine.plugin.PluginResult;
import java.util.Map;

/**
 * Something that happened to a task, handed to the {@link Decider}. Commands from operators carry the
 * actor; outcomes come from plugin runs, timers and recovery.
 */
public sealed interface Signal {
    /** @return the user (or {@link TaskEvent#ENGINE}) the resulting events are attributed to */
    String actor();

    record Start(String actor) implements Signal { }

    record Pause(String actor, String reason) implements Signal { }

    record Resume(String actor, String reason) implements Signal { }

    record Revoke(String actor, String reason) implements Signal { }

    /** A plugin run (execute, poll or callback) of {@code attempt} returned {@code result}. */
    record Outcome(String nodeId, int pass, int attempt, PluginResult result, String actor) implements Signal {
        /** An outcome checked against the attempt only (pass 0 = the current pass). */
        public Outcome(String nodeId, int attempt, PluginResult result, String actor) {
            this(nodeId, 0, attempt, result, actor);
        }
    }

    /** The approval/callback of a waiting node was handled by its plugin; {@code eventType} is recorded first. */
    record CallbackHandled(String nodeId, int attempt, String eventType, String comment, PluginResult result,
                           String actor) implements Signal { }

    /** The attempt's time limit elapsed. */
    record TimedOut(String nodeId, int pass, int attempt) implements Signal {
        /** Checked against the attempt only (pass 0 = the current pass). */
        public TimedOut(String nodeId, int attempt) {
            this(nodeId, 0, attempt);
        }

        public String actor() {
            return TaskEvent.ENGINE;
        }
    }

    /** A retry delay or a poll time of {@code attempt} is due. */
    record TimerDue(String nodeId, int pass, int attempt) implements Signal {
        /** Checked against the attempt only (pass 0 = the current pass). */
        public TimerDue(String nodeId, int attempt) {
            this(nodeId, 0, attempt);
        }

        public String actor() {
            return TaskEvent.ENGINE;
        }
    }

    /** On recovery: the attempt was RUNNING in a process that died and the plugin cannot re-attach. */
    record Interrupted(String nodeId, int pass, int attempt) implements Signal {
        /** Checked against the attempt only (pass 0 = the current pass). */
        public Interrupted(String nodeId, int attempt) {
            this(nodeId, 0, attempt);
        }

        public String actor() {
            return TaskEvent.ENGINE;
        }
    }

    /** A child task of a subflow node ended (FINISHED, FAILED or REVOKED). */
    record ChildSettled(String nodeId, int attempt, String childTaskId, TaskState childState,
                        Map<String, Object> childOutputs) implements Signal {
        public String actor() {
            return TaskEvent.ENGINE;
        }
    }

    record RetryNode(String nodeId, Map<String, Object> inputs, String actor) implements Signal { }

    record SkipNode(String nodeId, Map<String, Object> outputs, String reason, String actor) implements Signal { }

    record ForceFail(String nodeId, String reason, String actor) implements Signal { }

    record ResumeNode(String nodeId, String actor) implements Signal { }

    /**
     * An approval decision or external event for a WAITING node. The runtime hands it to the node's
     * plugin and decides the resulting {@link CallbackHandled}; the decider never sees this signal.
     *
     * @param eventType NODE_APPROVED, NODE_REJECTED or NODE_CALLBACK
     */
    record Callback(String nodeId, String eventType, Map<String, Object> payload, String actor) implements Signal { }
}
