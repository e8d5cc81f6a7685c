package dev.opsflow.engine.task;

import dev.opsflow.engine.expr.ExpressionException;
import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.template.CompiledTemplate;
import dev.opsflow.engine.template.Durations;
import dev.opsflow.engine.template.NodeDef;
import dev.opsflow.engine.template.NodeKind;
import dev.opsflow.engine.template.TimeoutPolicy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One decision in progress: an overlay of copied node runs over the task state, the events and side
 * effects collected so far. Package-private; {@link Decider} is the entry point.
 */
final class Deciding {
    private final CompiledTemplate template;
    private final TaskRun task;
    private final Expressions expressions;
    private final Instant now;
    private final String actor;
    private final Map<String, NodeRun> changed = new LinkedHashMap<>();
    private final Map<String, int[]> converges = new HashMap<>();
    private final List<TaskEvent> events = new ArrayList<>();
    private final List<Decision.Dispatch> dispatches = new ArrayList<>();
    private final List<Decision.Timer> timers = new ArrayList<>();
    private final List<Decision.Cancel> cancels = new ArrayList<>();
    private final ArrayDeque<String> tokens = new ArrayDeque<>();
    /** Nodes without a plugin retried in this decision: their next evaluation repeats their pass. */
    private final Set<String> retried = new HashSet<>();
    private TaskState taskState;
    private Instant startedAt;
    private Instant finishedAt;
    private Map<String, Object> outputs;
    private long seq;
    private boolean reachedEnd;

    Deciding(CompiledTemplate template, TaskRun task, Expressions expressions, Instant now, String actor) {
        this.template = template;
        this.task = task;
        this.expressions = expressions;
        this.now = now;
        this.actor = actor;
        this.taskState = task.state;
        this.seq = task.lastSeq;
    }

    // ---- task commands -------------------------------------------------------------------------

    void start() {
        requireTask(TaskState.CREATED);
        moveTask(TaskState.RUNNING, "TASK_STARTED", null);
        startedAt = now;
        arrive(template.start().id());
        drain();
    }

    void pause(String reason) {
        requireTask(TaskState.RUNNING);
        moveTask(TaskState.PAUSED, "TASK_PAUSED", reason);
    }

    void resume(String reason) {
        requireTask(TaskState.PAUSED);
        moveTask(TaskState.RUNNING, "TASK_RESUMED", reason);
        for (var n : task.nodes.values()) {
            if (n.state == NodeState.READY) tryStart(edit(n.nodeId));
        }
        drain();
    }

    void revoke(String reason) {
        if (taskState.isTerminal()) {
            throw StateConflictException.task(task.id, taskState, TaskState.CREATED, TaskState.RUNNING,
                    TaskState.PAUSED, TaskState.FAILED);
        }
        for (var n : task.nodes.values()) {
            if (!n.state.isActive()) continue;
            var e = edit(n.nodeId);
            if (e.state == NodeState.RUNNING || e.state == NodeState.WAITING) {
                cancels.add(new Decision.Cancel(e.nodeId, e.attempt, "task revoked by " + actor,
                        e.state == NodeState.WAITING));
            }
            e.finishedAt = now;
            e.dueAt = null;
            move(e, NodeState.REVOKED, "NODE_REVOKED", reason, null);
        }
        moveTask(TaskState.REVOKED, "TASK_REVOKED", reason);
        finishedAt = now;
    }

    // ---- node commands -------------------------------------------------------------------------

    void retry(String nodeId, Map<String, Object> inputs) {
        requireNodeCommandAllowed();
        var n = existing(nodeId);
        if (n.state != NodeState.FAILED) throw StateConflictException.node(nodeId, n.state, NodeState.FAILED);
        if (n.continued) {
            throw new StateConflictException("Node '" + nodeId + "' failed but its branch already continued "
                    + "(onError: ignore or a fail-and-continue timeout); it cannot be retried");
        }
        var e = edit(nodeId);
        var data = new LinkedHashMap<String, Object>();
        data.put("attempt", e.attempt + 1);
        if (inputs != null && !inputs.isEmpty()) {
            e.inputOverrides = merge(e.inputOverrides, inputs);
            data.put("editedInputs", List.copyOf(inputs.keySet()));
        }
        e.error = null;
        e.dueAt = null;
        move(e, NodeState.READY, "NODE_RETRIED", null, data);
        reopenTask("node '" + nodeId + "' retried");
        var kind = template.node(nodeId).kind();
        if (kind.isActivity()) {
            tryStart(e);
        } else {
            // re-evaluating a gateway (or a node that hit its loop limit) repeats the same pass as its next
            // attempt, as a retried activity runs one: the failed evaluation keeps its own attempt in the history
            retried.add(nodeId);
            arrive(nodeId);
        }
        drain();
    }

    void skip(String nodeId, Map<String, Object> outputs, String reason) {
        requireNodeCommandAllowed();
        var n = existing(nodeId);
        if (n.state != NodeState.FAILED && n.state != NodeState.SUSPENDED) {
            throw StateConflictException.node(nodeId, n.state, NodeState.FAILED, NodeState.SUSPENDED);
        }
        if (n.continued) {
            throw new StateConflictException("Node '" + nodeId + "' failed but its branch already continued "
                    + "(onError: ignore or a fail-and-continue timeout); there is nothing to skip");
        }
        if (!template.node(nodeId).kind().isActivity()) {
            throw new StateConflictException("Node '" + nodeId + "' is a " + template.node(nodeId).kind().wireName()
                    + " node and cannot be skipped; retry it to evaluate it again");
        }
        var e = edit(nodeId);
        e.outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        e.finishedAt = now;
        move(e, NodeState.SKIPPED, "NODE_SKIPPED", reason, Map.of("outputs", List.copyOf(e.outputs.keySet())));
        reopenTask("node '" + nodeId + "' skipped");
        continueAfter(nodeId);
        drain();
    }

    void forceFail(String nodeId, String reason) {
        var n = existing(nodeId);
        if (n.state != NodeState.RUNNING && n.state != NodeState.WAITING) {
            throw StateConflictException.node(nodeId, n.state, NodeState.RUNNING, NodeState.WAITING);
        }
        var e = edit(nodeId);
        cancels.add(new Decision.Cancel(nodeId, e.attempt, "force-failed by " + actor, e.state == NodeState.WAITING));
        finalFailure(e, "force-failed by " + actor + (reason == null ? "" : ": " + reason), "NODE_FORCE_FAILED",
                e.outputs, false);
        drain();
    }

    void resumeNode(String nodeId) {
        var n = existing(nodeId);
        if (n.state != NodeState.SUSPENDED) throw StateConflictException.node(nodeId, n.state, NodeState.SUSPENDED);
        var e = edit(nodeId);
        e.breakpointResumed = true;
        move(e, NodeState.READY, "NODE_RESUMED", null, null);
        tryStart(e);
        drain();
    }

    // ---- outcomes ------------------------------------------------------------------------------

    /** @return true when the signal is about another pass or attempt than the node's current one */
    private static boolean stale(NodeRun n, int pass, int attempt) {
        return n == null || n.attempt != attempt || (pass != 0 && n.pass != pass);
    }

    void outcome(String nodeId, int pass, int attempt, PluginResult result) {
        var n = task.node(nodeId);
        if (stale(n, pass, attempt) || (n.state != NodeState.RUNNING && n.state != NodeState.WAITING)) {
            return; // stale: the attempt was force-failed, timed out or revoked meanwhile
        }
        applyResult(edit(nodeId), result);
        drain();
    }

    void callbackHandled(Signal.CallbackHandled c) {
        var n = existing(c.nodeId());
        if (n.state != NodeState.WAITING || n.attempt != c.attempt()) {
            throw StateConflictException.node(c.nodeId(), n.state, NodeState.WAITING);
        }
        var e = edit(c.nodeId());
        event(c.nodeId(), c.eventType(), c.comment(), Map.of("attempt", e.attempt));
        applyResult(e, c.result());
        drain();
    }

    void timedOut(String nodeId, int pass, int attempt) {
        var n = task.node(nodeId);
        if (stale(n, pass, attempt) || (n.state != NodeState.RUNNING && n.state != NodeState.WAITING)) return;
        var def = template.node(nodeId);
        var e = edit(nodeId);
        var reason = "timed out after " + Durations.format(def.timeout().duration());
        cancels.add(new Decision.Cancel(nodeId, attempt, reason, e.state == NodeState.WAITING));
        if (def.timeout().action() == TimeoutPolicy.Action.FAIL_AND_CONTINUE) {
            finalFailure(e, reason, "NODE_FAILED", e.outputs, true);
        } else {
            failAttempt(e, reason, e.outputs);
        }
        drain();
    }

    void timerDue(String nodeId, int pass, int attempt) {
        var n = task.node(nodeId);
        if (stale(n, pass, attempt)) return;
        if (n.dueAt != null && n.dueAt.isAfter(now)) {
            // the timer fired a little early (scheduler and clock disagree): arm it again
            var kind = n.state == NodeState.WAITING ? Decision.TimerKind.POLL : Decision.TimerKind.RETRY;
            if (n.state == NodeState.READY || n.state == NodeState.WAITING) {
                timers.add(new Decision.Timer(nodeId, n.pass, attempt, n.dueAt, kind));
            }
            return;
        }
        if (n.state == NodeState.READY) {
            tryStart(edit(nodeId));
        } else if (n.state == NodeState.WAITING && n.dueAt != null) {
            var e = edit(nodeId);
            e.dueAt = null;
            dispatches.add(new Decision.Dispatch(nodeId, e.attempt, Decision.Mode.POLL));
        }
        drain();
    }

    void interrupted(String nodeId, int pass, int attempt) {
        var n = task.node(nodeId);
        if (stale(n, pass, attempt) || n.state != NodeState.RUNNING) return;
        var e = edit(nodeId);
        e.error = "interrupted";
        e.finishedAt = now;
        move(e, NodeState.FAILED, "NODE_INTERRUPTED", "the server running this attempt stopped; retry or skip it",
                Map.of("attempt", attempt));
        settle();
    }

    void childSettled(Signal.ChildSettled c) {
        var n = task.node(c.nodeId());
        if (n == null || n.attempt != c.attempt() || (n.state != NodeState.RUNNING && n.state != NodeState.WAITING)) {
            return;
        }
        PluginResult result;
        if (c.childState() == TaskState.FINISHED) {
            var mapping = template.node(c.nodeId()).subflow().outputs();
            var out = new LinkedHashMap<String, Object>();
            if (mapping.isEmpty()) {
                out.putAll(c.childOutputs());
            } else {
                mapping.forEach((parentKey, childKey) -> out.put(parentKey, c.childOutputs().get(childKey)));
            }
            out.put("task_id", c.childTaskId());
            result = new PluginResult.Succeeded(out);
        } else {
            result = new PluginResult.Failed("child task " + c.childTaskId() + " ended " + c.childState(),
                    Map.of("task_id", c.childTaskId()));
        }
        applyResult(edit(c.nodeId()), result);
        drain();
    }

    // ---- mechanics -----------------------------------------------------------------------------

    private void applyResult(NodeRun e, PluginResult result) {
        switch (result) {
            case PluginResult.Succeeded s -> {
                e.outputs = s.outputs();
                e.finishedAt = now;
                e.dueAt = null;
                e.waitingFor = null;
                move(e, NodeState.FINISHED, "NODE_FINISHED", null, Map.of("attempt", e.attempt));
                continueAfter(e.nodeId);
            }
            case PluginResult.Failed f -> failAttempt(e, f.reason(), f.outputs());
            case PluginResult.WaitUntil w -> {
                e.pluginState = w.state();
                e.dueAt = w.at();
                e.waitingFor = "timer";
                if (e.state != NodeState.WAITING) move(e, NodeState.WAITING, "NODE_WAITING", null,
                        Map.of("until", w.at().toString()));
                timers.add(new Decision.Timer(e.nodeId, e.pass, e.attempt, w.at(), Decision.TimerKind.POLL));
            }
            case PluginResult.WaitForCallback w -> {
                e.pluginState = w.state();
                e.dueAt = null;
                var def = template.node(e.nodeId);
                e.waitingFor = def.kind() == NodeKind.SUBFLOW ? "subflow"
                        : "approval".equals(def.plugin()) ? "approval" : "callback";
                if (e.state != NodeState.WAITING) move(e, NodeState.WAITING, "NODE_WAITING", null,
                        Map.of("waitingFor", e.waitingFor));
            }
        }
    }

    private void failAttempt(NodeRun e, String reason, Map<String, Object> outputs) {
        var def = template.node(e.nodeId);
        if (def.retry().allowsAnotherAfter(e.attempt)) {
            var delay = def.retry().delayAfter(e.attempt);
            e.error = reason;
            e.outputs = outputs;
            e.finishedAt = now;
            e.dueAt = now.plus(delay);
            e.waitingFor = null;
            move(e, NodeState.READY, "NODE_RETRY_SCHEDULED", reason,
                    Map.of("failedAttempt", e.attempt, "delayMs", delay.toMillis()));
            timers.add(new Decision.Timer(e.nodeId, e.pass, e.attempt, e.dueAt, Decision.TimerKind.RETRY));
            return;
        }
        finalFailure(e, reason, "NODE_FAILED", outputs, def.onError() == dev.opsflow.engine.template.ErrorPolicy.IGNORE);
    }

    private void finalFailure(NodeRun e, String reason, String eventType, Map<String, Object> outputs, boolean cont) {
        var def = template.node(e.nodeId);
        boolean continues = cont || def.onError() == dev.opsflow.engine.template.ErrorPolicy.IGNORE;
        e.error = reason;
        e.outputs = outputs == null ? Map.of() : outputs;
        e.finishedAt = now;
        e.dueAt = null;
        e.waitingFor = null;
        e.continued = continues;
        move(e, NodeState.FAILED, eventType, reason, Map.of("attempt", e.attempt, "continues", continues));
        if (continues) continueAfter(e.nodeId);
    }

    /** A token arrives at {@code nodeId}; processed by {@link #drain()} to avoid deep recursion. */
    private void arrive(String nodeId) {
        tokens.add(nodeId);
    }

    private void continueAfter(String nodeId) {
        for (var next : template.node(nodeId).next()) arrive(next);
    }

    private void drain() {
        while (!tokens.isEmpty()) {
            var id = tokens.poll();
            var def = template.node(id);
            switch (def.kind()) {
                case START -> instant(id, null);
                case END -> {
                    instant(id, null);
                    reachedEnd = true;
                }
                case PARALLEL -> {
                    var targets = def.branches().stream().map(b -> b.to()).toList();
                    split(def, targets);
                }
                case EXCLUSIVE, INCLUSIVE -> chooseBranches(def);
                case CONVERGE -> converge(id);
                case PLUGIN, SUBFLOW -> activate(def);
            }
        }
        settle();
    }

    private void chooseBranches(NodeDef def) {
        var vars = variables();
        var chosen = new ArrayList<String>();
        String defaultTarget = null;
        try {
            for (var b : def.branches()) {
                if (b.isDefault()) {
                    defaultTarget = b.to();
                    continue;
                }
                if (expressions.test(b.when(), vars)) {
                    chosen.add(b.to());
                    if (def.kind() == NodeKind.EXCLUSIVE) break;
                }
            }
        } catch (ExpressionException ex) {
            gatewayFailed(def, "condition failed: " + ex.getMessage());
            return;
        }
        if (chosen.isEmpty() && defaultTarget != null) chosen.add(defaultTarget);
        if (chosen.isEmpty()) {
            gatewayFailed(def, "no branch condition holds and there is no default branch");
            return;
        }
        if (def.kind() == NodeKind.EXCLUSIVE) {
            if (!newPass(def)) return;
            instantFinish(def.id(), Map.of("branches", chosen));
            arrive(chosen.getFirst());
        } else {
            split(def, chosen);
        }
    }

    private void split(NodeDef def, List<String> targets) {
        if (!newPass(def)) return;
        instantFinish(def.id(), Map.of("branches", targets));
        converges.put(template.convergeOf(def.id()), new int[]{0, targets.size()});
        targets.forEach(this::arrive);
    }

    private void converge(String id) {
        var counter = converges.get(id);
        if (counter == null) {
            var current = task.converges.get(id);
            counter = current == null ? new int[]{0, 1} : current.clone();
        }
        counter[0]++;
        converges.put(id, counter);
        if (counter[0] < counter[1]) return;
        counter[0] = 0;
        instant(id, null);
    }

    private void gatewayFailed(NodeDef def, String reason) {
        if (!newPass(def)) return;
        var e = edit(def.id());
        e.error = reason;
        e.startedAt = now;
        e.finishedAt = now;
        e.attempt++;
        move(e, NodeState.FAILED, "NODE_FAILED", reason, null);
    }

    /** Start, end and converge nodes: recorded FINISHED at once, then their successors. */
    private void instant(String id, Map<String, Object> data) {
        var def = template.node(id);
        if (!newPass(def)) return;
        instantFinish(id, data);
        continueAfter(id);
    }

    private void instantFinish(String id, Map<String, Object> data) {
        var e = edit(id);
        e.startedAt = now;
        e.finishedAt = now;
        e.attempt++;
        e.error = null;
        move(e, NodeState.FINISHED, "NODE_FINISHED", null, data);
    }

    /**
     * Opens a new pass of a node reached by a token, or for a node {@link #retry retried} in this decision
     * opens its current pass again, keeping its attempt count (the evaluation that follows is the next attempt).
     *
     * @return false when the loop limit is exceeded (the node is then FAILED)
     */
    private boolean newPass(NodeDef def) {
        var e = edit(def.id());
        boolean repeat = retried.remove(def.id());
        int pass = repeat ? e.pass : e.pass + 1;
        if (pass > def.loopLimit()) {
            if (e.state == NodeState.FAILED) return false;
            e.error = "loop limit " + def.loopLimit() + " exceeded";
            e.finishedAt = now;
            e.state = NodeState.PENDING; // the refused pass
            move(e, NodeState.FAILED, "NODE_FAILED", e.error, Map.of("pass", pass));
            return false;
        }
        e.pass = pass;
        if (!repeat) e.attempt = 0;
        e.inputOverrides = null;
        e.outputs = Map.of();
        e.error = null;
        e.breakpointResumed = false;
        e.continued = false;
        e.startedAt = null;
        e.finishedAt = null;
        if (e.state == NodeState.RUNNING || e.state == NodeState.WAITING || e.state == NodeState.SUSPENDED) {
            throw new IllegalStateException("node '" + def.id() + "' reached again while " + e.state);
        }
        e.state = NodeState.PENDING; // every pass is a fresh run of the node
        return true;
    }

    private void activate(NodeDef def) {
        if (!newPass(def)) return;
        var e = edit(def.id());
        if (task.deselected.contains(def.id())) {
            e.finishedAt = now;
            move(e, NodeState.SKIPPED, "NODE_SKIPPED", "deselected when the task was created", Map.of("pass", e.pass));
            continueAfter(def.id());
            return;
        }
        if (def.breakpoint()) {
            move(e, NodeState.SUSPENDED, "NODE_SUSPENDED", "breakpoint", Map.of("pass", e.pass));
            return;
        }
        tryStart(e);
    }

    /** Starts a READY node unless the task is paused or a retry delay is pending. */
    private void tryStart(NodeRun e) {
        if (taskState != TaskState.RUNNING) {
            if (e.state == NodeState.PENDING) move(e, NodeState.READY, "NODE_READY", null, Map.of("pass", e.pass));
            return;
        }
        if (e.dueAt != null && e.dueAt.isAfter(now)) {
            if (e.state == NodeState.PENDING) move(e, NodeState.READY, "NODE_READY", null, Map.of("pass", e.pass));
            timers.add(new Decision.Timer(e.nodeId, e.pass, e.attempt, e.dueAt, Decision.TimerKind.RETRY));
            return;
        }
        var def = template.node(e.nodeId);
        e.attempt++;
        e.dueAt = null;
        e.startedAt = now;
        e.finishedAt = null;
        e.pluginState = Map.of();
        e.waitingFor = null;
        try {
            var raw = e.inputOverrides == null ? def.inputs() : merge(def.inputs(), e.inputOverrides);
            @SuppressWarnings("unchecked")
            var rendered = (Map<String, Object>) expressions.render(raw, variables());
            e.inputs = withDefaults(def, rendered);
        } catch (ExpressionException ex) {
            e.inputs = Map.of();
            move(e, NodeState.RUNNING, "NODE_STARTED", null, Map.of("attempt", e.attempt));
            finalFailure(e, "inputs could not be rendered: " + ex.getMessage(), "NODE_FAILED", Map.of(), false);
            return;
        }
        move(e, NodeState.RUNNING, "NODE_STARTED", null, Map.of("attempt", e.attempt, "pass", e.pass));
        var mode = def.kind() == NodeKind.SUBFLOW ? Decision.Mode.SUBFLOW : Decision.Mode.EXECUTE;
        dispatches.add(new Decision.Dispatch(e.nodeId, e.attempt, mode));
        if (def.timeout().isSet()) {
            timers.add(new Decision.Timer(e.nodeId, e.pass, e.attempt, now.plus(def.timeout().duration()),
                    Decision.TimerKind.TIMEOUT));
        }
    }

    /** Plugin inputs the node leaves out get the defaults of the plugin's input schema. */
    private Map<String, Object> withDefaults(NodeDef def, Map<String, Object> rendered) {
        if (def.kind() != NodeKind.PLUGIN) return rendered;
        Map<String, Object> out = rendered;
        for (var field : template.plugin(def.id()).inputs()) {
            if (field.defaultValue() != null && !rendered.containsKey(field.name())) {
                if (out == rendered) out = new LinkedHashMap<>(rendered);
                out.put(field.name(), field.defaultValue());
            }
        }
        return out;
    }

    /** After every decision: a running task with nothing active ends FINISHED (end reached) or FAILED. */
    private void settle() {
        if (taskState != TaskState.RUNNING) return;
        if (anyActive()) return;
        if (reachedEnd || endFinished()) {
            moveTask(TaskState.FINISHED, "TASK_FINISHED", null);
            finishedAt = now;
            outputs = renderOutputs();
            return;
        }
        var failed = new ArrayList<String>();
        forEachNode(n -> {
            if (n.state == NodeState.FAILED && !n.continued) failed.add(n.nodeId);
        });
        moveTask(TaskState.FAILED, "TASK_FAILED", "nodes need action: " + String.join(", ", failed));
    }

    private boolean endFinished() {
        for (var n : template.nodes()) {
            if (n.kind() == NodeKind.END) {
                var r = current(n.id());
                if (r != null && r.state == NodeState.FINISHED) return true;
            }
        }
        return false;
    }

    private Map<String, Object> renderOutputs() {
        var out = new LinkedHashMap<String, Object>();
        var vars = variables();
        template.template().outputs().forEach((k, expr) -> {
            try {
                out.put(k, expressions.render(expr, vars));
            } catch (ExpressionException ex) {
                out.put(k, null);
                event(null, "TASK_OUTPUT_FAILED", "output '" + k + "': " + ex.getMessage(), null);
            }
        });
        return out;
    }

    // ---- state helpers -------------------------------------------------------------------------

    private boolean anyActive() {
        for (var n : changed.values()) if (n.state.isActive()) return true;
        for (var n : task.nodes.values()) {
            if (!changed.containsKey(n.nodeId) && n.state.isActive()) return true;
        }
        return false;
    }

    private void forEachNode(java.util.function.Consumer<NodeRun> action) {
        for (var n : task.nodes.values()) if (!changed.containsKey(n.nodeId)) action.accept(n);
        changed.values().forEach(action);
    }

    private NodeRun current(String id) {
        var c = changed.get(id);
        return c != null ? c : task.node(id);
    }

    private NodeRun existing(String nodeId) {
        template.node(nodeId); // unknown ids throw IllegalArgumentException (404)
        var n = current(nodeId);
        if (n == null) {
            var pending = new NodeRun(nodeId);
            throw StateConflictException.node(nodeId, pending.state, NodeState.FAILED, NodeState.SUSPENDED,
                    NodeState.RUNNING, NodeState.WAITING);
        }
        return n;
    }

    private NodeRun edit(String id) {
        var c = changed.get(id);
        if (c != null) return c;
        var base = task.node(id);
        c = base == null ? new NodeRun(id) : base.copy();
        changed.put(id, c);
        return c;
    }

    private void move(NodeRun e, NodeState to, String type, String reason, Map<String, Object> data) {
        if (!e.state.canMoveTo(to)) {
            throw new IllegalStateException("illegal node transition " + e.nodeId + ": " + e.state + " -> " + to);
        }
        e.state = to;
        event(e.nodeId, type, reason, data);
    }

    private void moveTask(TaskState to, String type, String reason) {
        if (!taskState.canMoveTo(to)) throw new IllegalStateException("illegal task transition " + taskState + " -> " + to);
        taskState = to;
        event(null, type, reason, null);
    }

    private void reopenTask(String why) {
        if (taskState == TaskState.FAILED) moveTask(TaskState.RUNNING, "TASK_RESUMED", why);
    }

    private void requireTask(TaskState expected) {
        if (taskState != expected) throw StateConflictException.task(task.id, taskState, expected);
    }

    private void requireNodeCommandAllowed() {
        if (taskState != TaskState.RUNNING && taskState != TaskState.FAILED && taskState != TaskState.PAUSED) {
            throw StateConflictException.task(task.id, taskState, TaskState.RUNNING, TaskState.PAUSED, TaskState.FAILED);
        }
    }

    private void event(String nodeId, String type, String reason, Map<String, Object> data) {
        events.add(new TaskEvent(++seq, task.id, nodeId, type, actor, now, reason, data));
    }

    /** The expression context: inputs, node outputs by node id, and {@code _system}. */
    Map<String, Object> variables() {
        var vars = new HashMap<String, Object>(task.variables.size() + task.nodes.size() + 4);
        vars.putAll(task.variables);
        for (var n : task.nodes.values()) vars.put(n.nodeId, n.outputs);
        for (var n : changed.values()) vars.put(n.nodeId, n.outputs);
        for (var def : template.nodes()) vars.putIfAbsent(def.id(), Map.of());
        var system = new HashMap<String, Object>();
        system.put("task_id", task.id);
        system.put("task_name", task.name);
        system.put("operator", task.createdBy);
        system.put("start_time", String.valueOf(startedAt != null ? startedAt : task.startedAt));
        system.put("project", task.project);
        system.put("template", task.template);
        system.put("template_version", task.templateVersion);
        vars.put("_system", system);
        return vars;
    }

    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        var m = new LinkedHashMap<String, Object>();
        if (base != null) m.putAll(base);
        if (over != null) m.putAll(over);
        return m;
    }

    Decision finish() {
        return new Decision(List.copyOf(changed.values()), List.copyOf(events),
                taskState == task.state ? null : taskState, startedAt, finishedAt, outputs, Map.copyOf(converges),
                List.copyOf(dispatches), List.copyOf(timers), List.copyOf(cancels));
    }
}
