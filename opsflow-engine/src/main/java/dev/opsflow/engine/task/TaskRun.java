package dev.opsflow.engine.task;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * In-memory state of one task as its owner sees it: the task row plus the current run of every
 * reached node. Mutated only by {@link #apply(Decision)} on the owner's deciding thread.
 */
public final class TaskRun {
    public final String id;
    public final String project;
    public final String name;
    public final String template;
    public final int templateVersion;
    public final String createdBy;
    public final Instant createdAt;
    public final String parentTaskId;
    public final String parentNodeId;
    public final int parentAttempt;
    /** Bound template inputs (clear text). */
    public final Map<String, Object> variables;
    /** Names of secret variables. */
    public final Set<String> secretNames;
    private final Set<String> secretValues;
    /** Optional nodes deselected at creation. */
    public final Set<String> deselected;
    public TaskState state;
    public Instant startedAt;
    public Instant finishedAt;
    public Map<String, Object> outputs = Map.of();
    /** Converge id to {arrivals, expected} for the current pass of its gateway. */
    public final Map<String, int[]> converges = new HashMap<>();
    public final Map<String, NodeRun> nodes = new LinkedHashMap<>();
    /** Sequence number of the last event appended. */
    public long lastSeq;
    /** Compare-and-set version of the task row. */
    public long version;

    /** Creates the state; see the fields for the meaning of each argument. */
    public TaskRun(String id, String project, String name, String template, int templateVersion, String createdBy,
                   Instant createdAt, String parentTaskId, String parentNodeId, int parentAttempt,
                   Map<String, Object> variables, Set<String> secretNames, Set<String> deselected, TaskState state) {
        this.id = id;
        this.project = project;
        this.name = name;
        this.template = template;
        this.templateVersion = templateVersion;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.parentTaskId = parentTaskId;
        this.parentNodeId = parentNodeId;
        this.parentAttempt = parentAttempt;
        this.variables = variables;
        this.secretNames = Set.copyOf(secretNames);
        // variables never change after creation; masking asks on every decision and attempt
        var values = new java.util.HashSet<String>();
        for (var secret : this.secretNames) {
            if (variables.get(secret) instanceof String v && !v.isEmpty()) values.add(v);
        }
        this.secretValues = Set.copyOf(values);
        this.deselected = Set.copyOf(deselected);
        this.state = state;
    }

    /** @return the node's current run, or null when it was never reached */
    public NodeRun node(String nodeId) {
        return nodes.get(nodeId);
    }

    /** Applies a decision: node copies replace the current runs, task fields and counters are set. */
    public void apply(Decision d) {
        for (var n : d.nodes()) nodes.put(n.nodeId, n);
        converges.putAll(d.converges());
        if (d.taskState() != null) state = d.taskState();
        if (d.startedAt() != null) startedAt = d.startedAt();
        if (d.finishedAt() != null) finishedAt = d.finishedAt();
        if (d.outputs() != null) outputs = d.outputs();
        if (!d.events().isEmpty()) lastSeq = d.events().getLast().seq();
        version++;
    }

    /** @return the secret values among the variables, for masking (strings only, non-empty; unmodifiable) */
    public Set<String> secretValues() {
        return secretValues;
    }
}
