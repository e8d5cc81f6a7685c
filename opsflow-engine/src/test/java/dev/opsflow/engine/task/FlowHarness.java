package dev.opsflow.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.Cancellation;
import dev.opsflow.engine.plugin.NodeLog;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.template.CompiledTemplate;
import dev.opsflow.engine.template.TemplateCompiler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deterministic in-memory "engine" for decider tests: it decides each signal with a hand-advanced
 * clock, checks that the decider left the task untouched, applies the decision and records every
 * event, dispatch, timer and cancel. {@link #runPending()} plays the executor: it runs the dispatched
 * plugin attempts with the test plugins and feeds their results back as outcomes.
 */
final class FlowHarness {
    static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    static final String OPERATOR = "alice";
    static final PluginRegistry PLUGINS = FlowPlugins.registry();
    private static final Expressions EXPRESSIONS = new Expressions();

    final CompiledTemplate template;
    final TaskRun run;
    final Decider decider = new Decider(EXPRESSIONS);
    final List<TaskEvent> events = new ArrayList<>();
    final List<Decision.Dispatch> dispatched = new ArrayList<>();
    final List<Decision.Timer> timers = new ArrayList<>();
    final List<Decision.Cancel> cancels = new ArrayList<>();
    private final Deque<Decision.Dispatch> pending = new ArrayDeque<>();
    Instant now = T0;
    Decision last;

    private FlowHarness(CompiledTemplate template, TaskRun run) {
        this.template = template;
        this.run = run;
    }

    static CompiledTemplate compile(String yaml) {
        return new TemplateCompiler(PLUGINS, EXPRESSIONS, null).compile(yaml);
    }

    static FlowHarness of(String yaml) {
        return of(yaml, Map.of(), Set.of(), Set.of());
    }

    static FlowHarness of(String yaml, Map<String, Object> variables) {
        return of(yaml, variables, Set.of(), Set.of());
    }

    static FlowHarness of(String yaml, Map<String, Object> variables, Set<String> secretNames, Set<String> deselected) {
        var template = compile(yaml);
        return new FlowHarness(template, newRun(template, variables, secretNames, deselected));
    }

    static TaskRun newRun(CompiledTemplate t, Map<String, Object> variables, Set<String> secretNames,
                          Set<String> deselected) {
        return new TaskRun("task-1", "ops", "test task", t.template().name(), 1, OPERATOR, T0, null, null, 0,
                variables, secretNames, deselected, TaskState.CREATED);
    }

    // ---- signals ------------------------------------------------------------------------------

    /** Decides {@code signal}, asserts the task was not mutated, applies and records the decision. */
    Decision send(Signal signal) {
        var before = TaskRunSnapshot.of(run);
        Decision d;
        try {
            d = decider.decide(template, run, signal, now);
        } finally {
            assertThat(TaskRunSnapshot.of(run)).as("the decider must not mutate the task it is given").isEqualTo(before);
        }
        run.apply(d);
        events.addAll(d.events());
        dispatched.addAll(d.dispatches());
        pending.addAll(d.dispatches());
        timers.addAll(d.timers());
        cancels.addAll(d.cancels());
        last = d;
        return d;
    }

    Decision start() {
        return send(new Signal.Start(OPERATOR));
    }

    Decision outcome(String nodeId, PluginResult result) {
        return send(new Signal.Outcome(nodeId, attempt(nodeId), result, TaskEvent.ENGINE));
    }

    Decision succeed(String nodeId, Map<String, Object> outputs) {
        return outcome(nodeId, PluginResult.succeeded(outputs));
    }

    Decision succeed(String nodeId) {
        return succeed(nodeId, Map.of());
    }

    Decision fail(String nodeId, String reason) {
        return outcome(nodeId, PluginResult.failed(reason));
    }

    Decision timerDue(String nodeId) {
        return send(new Signal.TimerDue(nodeId, attempt(nodeId)));
    }

    Decision timedOut(String nodeId) {
        return send(new Signal.TimedOut(nodeId, attempt(nodeId)));
    }

    Decision pause() {
        return send(new Signal.Pause(OPERATOR, "maintenance"));
    }

    Decision resume() {
        return send(new Signal.Resume(OPERATOR, "done"));
    }

    Decision retry(String nodeId, Map<String, Object> inputs) {
        return send(new Signal.RetryNode(nodeId, inputs, OPERATOR));
    }

    Decision skip(String nodeId, Map<String, Object> outputs) {
        return send(new Signal.SkipNode(nodeId, outputs, "not needed", OPERATOR));
    }

    /** Moves the clock forward. */
    void advance(Duration d) {
        now = now.plus(d);
    }

    /**
     * Runs every pending dispatch whose attempt is still RUNNING (EXECUTE or POLL) with the test
     * plugins, feeding each result back; repeats until nothing is pending. Subflow dispatches stay
     * pending (the test settles the child by hand).
     */
    FlowHarness runPending() {
        int guard = 0;
        var subflows = new ArrayList<Decision.Dispatch>();
        while (!pending.isEmpty()) {
            if (++guard > 1_000) throw new AssertionError("runaway flow: " + trail());
            var dispatch = pending.poll();
            var n = run.node(dispatch.nodeId());
            if (n == null || n.attempt != dispatch.attempt()
                    || (n.state != NodeState.RUNNING && n.state != NodeState.WAITING)) continue;
            if (dispatch.mode() == Decision.Mode.SUBFLOW) {
                subflows.add(dispatch);
                continue;
            }
            var plugin = plugin(dispatch.nodeId());
            var ctx = context(n);
            PluginResult result;
            try {
                result = dispatch.mode() == Decision.Mode.POLL ? plugin.poll(ctx) : plugin.execute(ctx);
            } catch (Exception e) {
                result = PluginResult.failed(e.getMessage());
            }
            send(new Signal.Outcome(dispatch.nodeId(), dispatch.attempt(), result, TaskEvent.ENGINE));
        }
        pending.addAll(subflows);
        return this;
    }

    /** Delivers a callback to the node's plugin and decides its {@link Signal.CallbackHandled}. */
    Decision callback(String nodeId, String eventType, Map<String, Object> payload, String actor) {
        var n = run.node(nodeId);
        PluginResult result;
        try {
            result = plugin(nodeId).callback(context(n), payload);
        } catch (Exception e) {
            result = PluginResult.failed(e.getMessage());
        }
        return send(new Signal.CallbackHandled(nodeId, n.attempt, eventType, (String) payload.get("comment"), result, actor));
    }

    List<Decision.Dispatch> pending() {
        return List.copyOf(pending);
    }

    // ---- reading ------------------------------------------------------------------------------

    NodeRun node(String id) {
        var n = run.node(id);
        assertThat(n).as("node '%s' was reached", id).isNotNull();
        return n;
    }

    NodeState state(String id) {
        var n = run.node(id);
        return n == null ? NodeState.PENDING : n.state;
    }

    int attempt(String id) {
        var n = run.node(id);
        return n == null ? 0 : n.attempt;
    }

    /** @return every event so far as "TYPE node" (or "TYPE" for task events) */
    List<String> trail() {
        return TaskEventsAssert.trail(events);
    }

    /** @return the events recorded from index {@code from} on, as {@link #trail()} */
    List<String> trailFrom(int from) {
        return TaskEventsAssert.trail(events.subList(from, events.size()));
    }

    /** @return the first event of that type for that node (null node = task event) */
    TaskEvent event(String type, String nodeId) {
        return events.stream()
                .filter(e -> e.type().equals(type) && java.util.Objects.equals(e.nodeId(), nodeId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + nodeId + " in " + trail()));
    }

    /** @return the events of that type for that node, in order */
    List<TaskEvent> eventsOf(String type, String nodeId) {
        return events.stream()
                .filter(e -> e.type().equals(type) && java.util.Objects.equals(e.nodeId(), nodeId))
                .toList();
    }

    private Plugin plugin(String nodeId) {
        var def = template.node(nodeId);
        return PLUGINS.find(def.plugin(), def.pluginVersion()).orElseThrow();
    }

    private PluginContext context(NodeRun n) {
        var clock = Clock.fixed(now, ZoneOffset.UTC);
        return new Context(run.id, n.nodeId, n.attempt, n.inputs, n.pluginState, clock);
    }

    private record Context(String taskId, String nodeId, int attempt, Map<String, Object> inputs,
                           Map<String, Object> state, Clock clock) implements PluginContext {
        @Override
        public NodeLog log() {
            return new NodeLog() {
                public void stdout(String line) { }

                public void stderr(String line) { }

                public void info(String line) { }
            };
        }

        @Override
        public Cancellation cancellation() {
            return new Cancellation() {
                public boolean isCancelled() {
                    return false;
                }

                public String reason() {
                    return null;
                }

                public void onCancel(Runnable action) { }
            };
        }
    }
}
