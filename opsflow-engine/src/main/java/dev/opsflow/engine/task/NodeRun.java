package dev.opsflow.engine.task;

import java.time.Instant;
import java.util.Map;

/**
 * The current run of one node in one task: its latest pass and attempt. Mutable, but only ever
 * mutated by the single thread that decides for the owning task; the decider edits copies.
 */
public final class NodeRun {
    public final String nodeId;
    public NodeState state = NodeState.PENDING;
    /** 1-based loop pass. */
    public int pass;
    /** 1-based attempt within the pass; 0 before the first start. */
    public int attempt;
    public Instant startedAt;
    public Instant finishedAt;
    /** When a READY node may start (retry backoff) or a WAITING node is polled; else null. */
    public Instant dueAt;
    /** Rendered inputs of the current attempt (clear text, in memory only; persisted masked). */
    public Map<String, Object> inputs = Map.of();
    /** Inputs an operator edited on retry; they replace the template's inputs for later attempts. */
    public Map<String, Object> inputOverrides;
    public Map<String, Object> outputs = Map.of();
    public String error;
    /** For WAITING: approval, callback, timer, poll, subflow. */
    public String waitingFor;
    /** Plugin state from WaitUntil/WaitForCallback. */
    public Map<String, Object> pluginState = Map.of();
    /** The breakpoint of the current pass was resumed. */
    public boolean breakpointResumed;
    /** A failed node whose branch continued (onError: ignore, timeout fail-and-continue). */
    public boolean continued;

    public NodeRun(String nodeId) {
        this.nodeId = nodeId;
    }

    /** @return a field-by-field copy */
    public NodeRun copy() {
        var c = new NodeRun(nodeId);
        c.state = state;
        c.pass = pass;
        c.attempt = attempt;
        c.startedAt = startedAt;
        c.finishedAt = finishedAt;
        c.dueAt = dueAt;
        c.inputs = inputs;
        c.inputOverrides = inputOverrides;
        c.outputs = outputs;
        c.error = error;
        c.waitingFor = waitingFor;
        c.pluginState = pluginState;
        c.breakpointResumed = breakpointResumed;
        c.continued = continued;
        return c;
    }

    @Override
    public String toString() {
        return nodeId + "[" + state + " pass " + pass + " attempt " + attempt + "]";
    }
}
