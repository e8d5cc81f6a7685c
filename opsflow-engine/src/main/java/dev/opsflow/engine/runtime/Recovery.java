package dev.opsflow.engine.runtime;

import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.task.Decision;
import dev.opsflow.engine.task.NodeRun;
import dev.opsflow.engine.task.NodeState;
import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.TaskState;
import dev.opsflow.engine.template.NodeKind;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes ownership of a task and resumes it from what is committed: attempts that were RUNNING in a
 * dead process are re-attached when the plugin can, else marked interrupted; READY nodes start;
 * timers (retry, poll, timeout) are re-armed; subflow children are re-linked. The log lines of attempts
 * in flight continue after the ones the previous owner stored.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    private final TaskEngine engine;

    Recovery(TaskEngine engine) {
        this.engine = engine;
    }

    /**
     * @return the owned task after claiming it, or null when another live server owns it
     * @throws NoSuchElementException when the task does not exist
     */
    OwnedTask tryAdopt(String taskId) {
        var row = engine.repository.findTask(taskId).orElseThrow(() -> new NoSuchElementException(
                "task '" + taskId + "' does not exist"));
        var now = engine.clock.instant();
        if (row.owner() != null && row.owner().equals(engine.config.ownerId())) {
            var mine = engine.owned.get(taskId);
            if (mine != null) return mine;
            return adoptClaimed(taskId);
        }
        if (!engine.repository.claim(taskId, engine.config.ownerId(), now.plus(engine.config.lease()), now)) return null;
        return adoptClaimed(taskId);
    }

    /** Loads a task this engine has just claimed and re-arms its work. */
    OwnedTask adoptClaimed(String taskId) {
        var existing = engine.owned.get(taskId);
        if (existing != null) return existing;
        var run = engine.repository.loadRun(taskId).orElseThrow(() -> new NoSuchElementException(
                "task '" + taskId + "' does not exist"));
        var template = engine.catalog.get(run.project, run.template, run.templateVersion);
        // before the task is visible: a callback or cancel may make an attempt context at once
        for (var n : run.nodes.values()) {
            if ((n.state == NodeState.RUNNING || n.state == NodeState.WAITING) && n.attempt >= 1
                    && template.node(n.nodeId).plugin() != null) {
                engine.processor.attempts.continueLogsOf(taskId, n);
            }
        }
        // a snapshot taken before the task is visible: once it is, commands and re-armed attempts' outcomes
        // change run.nodes on the task's processor while later nodes are still being recovered here
        var nodes = List.copyOf(run.nodes.values());
        var task = new OwnedTask(run, template);
        var raced = engine.owned.putIfAbsent(taskId, task);
        if (raced != null) return raced;
        for (var node : nodes) recoverNode(task, node);
        return task;
    }

    private void recoverNode(OwnedTask task, NodeRun n) {
        var p = engine.processor;
        var def = task.template.node(n.nodeId);
        if (def.timeout().isSet() && n.startedAt != null
                && (n.state == NodeState.RUNNING || n.state == NodeState.WAITING)) {
            p.attempts.arm(task, new Decision.Timer(n.nodeId, n.pass, n.attempt, n.startedAt.plus(def.timeout().duration()),
                    Decision.TimerKind.TIMEOUT));
        }
        switch (n.state) {
            case RUNNING -> {
                if (def.kind() == NodeKind.SUBFLOW) {
                    p.attempts.dispatch(task, n, new Decision.Dispatch(n.nodeId, n.attempt, Decision.Mode.SUBFLOW));
                    return;
                }
                var ctx = p.attempts.context(task, n, n.attempt);
                // running while its plugin re-attaches, as a call would be: a revoke, force-fail or timeout
                // meanwhile ends it, and the work it then reports still going is cancelled (AttemptRunner)
                task.running.put(n.nodeId, ctx);
                Optional<PluginResult> reattached;
                try {
                    reattached = p.attempts.plugin(task, n.nodeId).reattach(ctx);
                    if (reattached.isPresent() && ctx.returned(reattached.get())) {
                        p.attempts.cancelStartedWork(task, ctx, reattached.get());
                    }
                } finally {
                    task.running.remove(n.nodeId, ctx);
                }
                if (reattached.isPresent()) {
                    log.info("re-attached {}/{} attempt {}", task.id(), n.nodeId, n.attempt);
                    p.outcome(task, n.nodeId, n.pass, n.attempt, reattached.get());
                } else {
                    p.signal(task, new Signal.Interrupted(n.nodeId, n.pass, n.attempt));
                }
            }
            case READY -> {
                if (task.run.state == TaskState.RUNNING) {
                    var at = n.dueAt == null ? engine.clock.instant() : n.dueAt;
                    p.attempts.arm(task, new Decision.Timer(n.nodeId, n.pass, n.attempt, at, Decision.TimerKind.RETRY));
                }
            }
            case WAITING -> {
                if (n.dueAt != null) {
                    p.attempts.arm(task, new Decision.Timer(n.nodeId, n.pass, n.attempt, n.dueAt, Decision.TimerKind.POLL));
                } else if ("timer".equals(n.waitingFor)) {
                    // a due poll clears dueAt when it is dispatched: this one was in flight when the previous
                    // owner stopped, and nothing else would ever poll again (polls are idempotent by contract)
                    p.attempts.dispatch(task, n, new Decision.Dispatch(n.nodeId, n.attempt, Decision.Mode.POLL));
                } else if ("subflow".equals(n.waitingFor)) {
                    engine.repository.findChild(task.id(), n.nodeId, n.attempt).ifPresent(child -> {
                        var s = child.state();
                        if (s == TaskState.FINISHED || s == TaskState.FAILED || s == TaskState.REVOKED) {
                            p.signal(task, new Signal.ChildSettled(n.nodeId, n.attempt, child.id(), s, child.outputs()));
                        }
                    });
                }
            }
            default -> { }
        }
    }
}
