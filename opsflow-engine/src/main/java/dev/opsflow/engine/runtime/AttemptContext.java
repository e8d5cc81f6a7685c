package dev.opsflow.engine.runtime;

import dev.opsflow.engine.plugin.Cancellation;
import dev.opsflow.engine.plugin.NodeLog;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.store.LogLine;
import dev.opsflow.engine.store.LogSequence;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@link PluginContext} of one running attempt: masked log, cancellation token. */
final class AttemptContext implements PluginContext, NodeLog, Cancellation {
    private final String taskId;
    private final String nodeId;
    private final int pass;
    private final int attempt;
    private final Map<String, Object> inputs;
    private final Map<String, Object> state;
    private final Set<String> secrets;
    private final LogWriter logs;
    private final Clock clock;
    private final LogSequence seqs;
    private final List<Runnable> onCancel = new ArrayList<>();
    private volatile String cancelReason;
    /** Set when a decision ended the attempt (revoke, force-fail, timeout), not a shutdown or lost ownership. */
    private boolean ended;
    /** What execute/poll returned, once it has (guarded by this, as {@link #ended}). */
    private PluginResult returned;
    /** Whether this context runs a poll of a WAITING attempt (its {@link #state} names the work). */
    volatile boolean polling;

    AttemptContext(String taskId, String nodeId, int pass, int attempt, Map<String, Object> inputs, Map<String, Object> state,
                   Set<String> secrets, LogWriter logs, Clock clock, LogSequence seqs) {
        this.taskId = taskId;
        this.nodeId = nodeId;
        this.pass = pass;
        this.attempt = attempt;
        this.inputs = inputs;
        this.state = state;
        this.secrets = secrets;
        this.logs = logs;
        this.clock = clock;
        this.seqs = seqs;
    }

    @Override public String taskId() { return taskId; }
    @Override public String nodeId() { return nodeId; }
    @Override public int attempt() { return attempt; }
    int pass() { return pass; }
    @Override public Map<String, Object> inputs() { return inputs; }
    @Override public Map<String, Object> state() { return state; }
    @Override public NodeLog log() { return this; }
    @Override public Clock clock() { return clock; }
    @Override public Cancellation cancellation() { return this; }

    @Override public void stdout(String line) { append("stdout", line); }
    @Override public void stderr(String line) { append("stderr", line); }
    @Override public void info(String line) { append("info", line); }

    private void append(String stream, String text) {
        logs.append(new LogLine(taskId, nodeId, pass, attempt, seqs.next(), stream,
                Masking.maskText(text == null ? "" : text, secrets), clock.instant()));
    }

    @Override public boolean isCancelled() { return cancelReason != null; }
    @Override public String reason() { return cancelReason; }

    @Override
    public void onCancel(Runnable action) {
        synchronized (onCancel) {
            if (cancelReason == null) {
                onCancel.add(action);
                return;
            }
        }
        action.run();
    }

    /** This attempt's context with {@code newState} as its saved state (what the plugin just returned). */
    AttemptContext withState(Map<String, Object> newState) {
        return new AttemptContext(taskId, nodeId, pass, attempt, inputs, newState, secrets, logs, clock, seqs);
    }

    /**
     * A decision ended the attempt (revoked, force-failed, timed out): marks it ended, then {@link #cancel}s.
     *
     * @return what execute/poll returned if it returned before this call ({@link #returned}), else null —
     *     exactly one of this and {@link #returned} sees the other, so the caller whose view has both acts
     */
    PluginResult end(String reason) {
        PluginResult r;
        synchronized (this) {
            ended = true;
            r = returned;
        }
        cancel(reason);
        return r;
    }

    /**
     * Records what execute/poll returned.
     *
     * @return whether a decision had {@link #end ended} the attempt before
     */
    synchronized boolean returned(PluginResult result) {
        returned = result;
        return ended;
    }

    /** Cancels once; runs the registered actions on this thread. */
    void cancel(String reason) {
        List<Runnable> actions;
        synchronized (onCancel) {
            if (cancelReason != null) return;
            cancelReason = reason;
            actions = List.copyOf(onCancel);
        }
        for (var a : actions) {
            try {
                a.run();
            } catch (RuntimeException ignored) {
                // a failing cancel hook must not stop the others
            }
        }
    }
}
