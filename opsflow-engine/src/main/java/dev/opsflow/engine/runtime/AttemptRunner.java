package dev.opsflow.engine.runtime;

import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.store.LogSequence;
import dev.opsflow.engine.task.Decision;
import dev.opsflow.engine.task.NodeRun;
import dev.opsflow.engine.task.NodeState;
import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.StateConflictException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Side effects of committed decisions: runs plugin attempts on virtual threads, creates subflow
 * children, arms timers and hands callbacks to plugins.
 */
final class AttemptRunner {
    private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);
    private final TaskEngine engine;
    private final TaskProcessor processor;
    /** Seqs of every log line this engine writes (see {@link LogSequence} for restarts and takeovers). */
    private final LogSequence logSeqs;

    AttemptRunner(TaskEngine engine, TaskProcessor processor) {
        this.engine = engine;
        this.processor = processor;
        this.logSeqs = new LogSequence(engine.clock);
    }

    void dispatch(OwnedTask task, NodeRun node, Decision.Dispatch d) {
        if (d.mode() == Decision.Mode.SUBFLOW) {
            Thread.ofVirtual().name("subflow-" + task.id() + "-" + node.nodeId).start(() -> startChild(task, node, d));
            return;
        }
        var def = task.template.node(node.nodeId);
        var plugin = plugin(task, node.nodeId);
        var current = task.running.get(node.nodeId);
        if (d.mode() == Decision.Mode.POLL && current != null && current.attempt() == d.attempt()
                && current.pass() == node.pass) {
            return; // this attempt's poll is already running (re-adopted by this engine while it polled)
        }
        var ctx = context(task, node, d.attempt());
        ctx.polling = d.mode() == Decision.Mode.POLL;
        task.running.put(node.nodeId, ctx);
        Thread.ofVirtual().name("attempt-" + task.id() + "-" + node.nodeId).start(() -> {
            PluginResult result;
            try {
                result = d.mode() == Decision.Mode.POLL ? plugin.poll(ctx) : plugin.execute(ctx);
                if (result == null) result = PluginResult.failed("plugin " + def.plugin() + " returned no result");
            } catch (Exception | LinkageError e) {
                result = PluginResult.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            finish(task, ctx, result);
        });
    }

    private void finish(OwnedTask task, AttemptContext ctx, PluginResult result) {
        try {
            engine.logs.flush().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("log lines of {}/{} may land after its outcome", task.id(), ctx.nodeId());
        }
        if (ctx.returned(result)) cancelStartedWork(task, ctx, result);
        task.running.remove(ctx.nodeId(), ctx);
        processor.outcome(task, ctx.nodeId(), ctx.pass(), ctx.attempt(), result);
    }

    /**
     * The attempt was revoked, force-failed or timed out while execute/poll ran (a decision {@link
     * AttemptContext#end ended} it), and the call's result is discarded. If it returned a wait it started
     * (or kept) external work — a job run, say — that nobody will poll; a poll that returned anything holds
     * the state that names the work. Tell the plugin as {@link Plugin#cancel} tells a WAITING attempt, with
     * that state. Called by whichever of the attempt's thread and the deciding side sees both the end and
     * the result (see {@link AttemptContext#end}).
     */
    void cancelStartedWork(OwnedTask task, AttemptContext ctx, PluginResult result) {
        Map<String, Object> state = switch (result) {
            case PluginResult.WaitUntil w -> w.state();
            case PluginResult.WaitForCallback w -> w.state();
            default -> ctx.polling ? ctx.state() : null;
        };
        if (state != null) tellCancel(task, ctx.withState(state), ctx.reason());
    }

    /**
     * A WAITING attempt (no plugin thread) was revoked, force-failed or timed out: let its plugin stop its work
     * ({@link Plugin#cancel}, with the state it saved, which may be empty). Never for a RUNNING attempt.
     */
    void cancelWaiting(OwnedTask task, NodeRun node, String reason) {
        if (task.template.node(node.nodeId).plugin() == null) return; // a subflow node: no plugin to tell
        tellCancel(task, context(task, node, node.attempt), reason);
    }

    /** {@link Plugin#cancel} on a virtual thread of its own; a failure is logged, never retried. */
    private void tellCancel(OwnedTask task, AttemptContext ctx, String reason) {
        var def = task.template.node(ctx.nodeId());
        Thread.ofVirtual().name("cancel-" + task.id() + "-" + ctx.nodeId()).start(() -> {
            try {
                plugin(task, ctx.nodeId()).cancel(ctx, reason);
            } catch (RuntimeException e) {
                log.warn("plugin {} could not stop the work of {}/{}: {}", def.plugin(), task.id(), ctx.nodeId(),
                        e.getMessage());
            }
        });
    }

    AttemptContext context(OwnedTask task, NodeRun node, int attempt) {
        return new AttemptContext(task.id(), node.nodeId, node.pass, attempt, node.inputs, node.pluginState,
                task.run.secretValues(), engine.logs, engine.clock, logSeqs);
    }

    /**
     * For an attempt in flight that this engine did not start (a task adopted after a restart or taken over):
     * its later lines continue after the ones already stored. Call before the attempt's first context.
     */
    void continueLogsOf(String taskId, NodeRun node) {
        logSeqs.continueAfter(engine.repository.lastLogSeq(taskId, node.nodeId, node.pass, node.attempt));
    }

    Plugin plugin(OwnedTask task, String nodeId) {
        var def = task.template.node(nodeId);
        return engine.plugins.find(def.plugin(), task.template.plugin(nodeId).version()).orElseThrow(() ->
                new IllegalStateException("plugin " + def.plugin() + " is not registered on this server"));
    }

    /** Hands an approval or callback to the waiting node's plugin; returns the signal to decide. */
    Signal callback(OwnedTask task, Signal.Callback c) {
        var def = task.template.node(c.nodeId());
        var node = task.run.node(c.nodeId());
        var state = node == null ? NodeState.PENDING : node.state;
        if (state != NodeState.WAITING || !def.kind().isActivity() || def.plugin() == null) {
            throw StateConflictException.node(c.nodeId(), state, NodeState.WAITING);
        }
        boolean approval = c.eventType().equals("NODE_APPROVED") || c.eventType().equals("NODE_REJECTED");
        if (approval != "approval".equals(node.waitingFor)) {
            throw new StateConflictException("Node '" + c.nodeId() + "' is waiting for " + node.waitingFor
                    + (approval ? ", not an approval" : "; use approve or reject"));
        }
        var ctx = context(task, node, node.attempt);
        PluginResult result;
        try {
            result = plugin(task, c.nodeId()).callback(ctx, c.payload() == null ? Map.of() : c.payload());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            result = PluginResult.failed(e.getMessage());
        }
        var comment = c.payload() == null ? null : (String) c.payload().get("comment");
        return new Signal.CallbackHandled(c.nodeId(), node.attempt, c.eventType(), comment, result, c.actor());
    }

    void arm(OwnedTask task, Decision.Timer t) {
        long delay = Math.max(0, Duration.between(engine.clock.instant(), t.at()).toMillis() + 1);
        Signal signal = t.kind() == Decision.TimerKind.TIMEOUT ? new Signal.TimedOut(t.nodeId(), t.pass(), t.attempt())
                : new Signal.TimerDue(t.nodeId(), t.pass(), t.attempt());
        engine.timers.schedule(() -> {
            if (!task.lost && engine.owned.get(task.id()) == task) processor.signal(task, signal);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Creates and starts the child task of a subflow attempt, or re-links the one a restart left behind. */
    private void startChild(OwnedTask task, NodeRun node, Decision.Dispatch d) {
        try {
            var existing = engine.repository.findChild(task.id(), node.nodeId, d.attempt());
            if (existing.isEmpty()) {
                var ref = task.template.node(node.nodeId).subflow();
                var childId = engine.creator.createAndStart(new TaskCreator.Request(task.run.project, ref.template(),
                        ref.version(), task.run.name + " / " + node.nodeId, node.inputs, java.util.Set.of(),
                        task.run.createdBy, task.id(), node.nodeId, d.attempt()));
                processor.outcome(task, node.nodeId, node.pass, d.attempt(),
                        PluginResult.waitForCallback(Map.of("child_task_id", childId)));
                return;
            }
            var child = existing.get();
            var childId = child.id();
            processor.outcome(task, node.nodeId, node.pass, d.attempt(),
                    PluginResult.waitForCallback(Map.of("child_task_id", childId)));
            switch (child.state()) {
                case CREATED -> engine.execute(childId, new Signal.Start(task.run.createdBy));
                case FINISHED, FAILED, REVOKED -> processor.signal(task, new Signal.ChildSettled(node.nodeId, d.attempt(),
                        childId, child.state(), child.outputs()));
                default -> { }
            }
        } catch (RuntimeException e) {
            log.info("subflow node {}/{} could not start its child: {}", task.id(), node.nodeId, e.getMessage());
            processor.outcome(task, node.nodeId, node.pass, d.attempt(),
                    PluginResult.failed("child task could not be started: " + e.getMessage()));
        }
    }
}
