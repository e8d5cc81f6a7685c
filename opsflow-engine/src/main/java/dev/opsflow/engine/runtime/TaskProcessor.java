package dev.opsflow.engine.runtime;

import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.store.WriteSet;
import dev.opsflow.engine.task.Decision;
import dev.opsflow.engine.task.NodeRun;
import dev.opsflow.engine.task.NodeState;
import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.StateConflictException;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskRun;
import dev.opsflow.engine.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the mailbox of each owned task one signal at a time, hands the decision to the
 * {@link StateWriter}, and after commit performs its side effects through the {@link AttemptRunner}.
 */
final class TaskProcessor {
    private static final Logger log = LoggerFactory.getLogger(TaskProcessor.class);
    private final TaskEngine engine;
    private final ExecutorService deciders = Executors.newVirtualThreadPerTaskExecutor();
    final AttemptRunner attempts;

    TaskProcessor(TaskEngine engine) {
        this.engine = engine;
        this.attempts = new AttemptRunner(engine, this);
    }

    void enqueue(OwnedTask task, OwnedTask.Job job) {
        task.mailbox.add(job);
        if (task.draining.compareAndSet(false, true)) deciders.execute(() -> drain(task));
    }

    private void drain(OwnedTask task) {
        while (true) {
            OwnedTask.Job job;
            while ((job = task.mailbox.poll()) != null) process(task, job);
            task.draining.set(false);
            if (task.mailbox.isEmpty() || !task.draining.compareAndSet(false, true)) return;
        }
    }

    private void process(OwnedTask task, OwnedTask.Job job) {
        if (task.lost || task.releasing != null) {
            reroute(task, job);
            return;
        }
        try {
            var signal = job.signal() instanceof Signal.Callback c ? attempts.callback(task, c) : job.signal();
            var decision = engine.decider.decide(task.template, task.run, signal, engine.clock.instant());
            if (decision.nodes().isEmpty() && decision.events().isEmpty() && decision.taskState() == null) {
                decision.timers().forEach(t -> attempts.arm(task, t)); // nothing to commit, only a re-armed timer
                answer(job, null);
                if (job.commandId() != null) engine.repository.answerCommand(job.commandId(), "ok");
                return;
            }
            task.run.apply(decision);
            boolean release = shouldRelease(task.run);
            var set = writeSet(task, decision, release, job.commandId());
            task.pendingInsert = null; // the first write set of a created-and-started task carries its insert
            task.pendingCreated = null;
            var committed = engine.writerFor(task.id()).submit(set);
            if (release) task.releasing = committed;
            committed.whenComplete((ok, error) -> afterCommit(task, decision, job, ok, error));
        } catch (StateConflictException | IllegalArgumentException | NoSuchElementException e) {
            answer(job, e);
        } catch (RuntimeException e) {
            log.error("deciding {} for task {} failed", job.signal(), task.id(), e);
            answer(job, e);
        }
    }

    /** A job that arrived after the task was released or lost: route it again once the release committed. */
    private void reroute(OwnedTask task, OwnedTask.Job job) {
        var pending = task.releasing;
        Runnable again = () -> {
            engine.owned.remove(task.id(), task);
            engine.submit(task.id(), job.signal(), job.commandId()).whenComplete((v, e) -> answer(job,
                    e instanceof CompletionException ce ? ce.getCause() : e));
        };
        if (pending != null && !task.lost) pending.whenComplete((ok, e) -> Thread.ofVirtual().start(again));
        else Thread.ofVirtual().start(again);
    }

    private void afterCommit(OwnedTask task, Decision d, OwnedTask.Job job, Boolean ok, Throwable error) {
        if (error != null || !Boolean.TRUE.equals(ok)) {
            loseOwnership(task, error);
            answer(job, new IllegalStateException(error != null
                    ? "the decision could not be committed: " + error.getMessage()
                    : "task " + task.id() + " is owned by another server now; try again"));
            return;
        }
        answer(job, null);
        if (!d.events().isEmpty()) {
            for (var l : engine.listeners) {
                try {
                    l.accept(d.events());
                } catch (RuntimeException e) {
                    log.warn("event listener failed", e);
                }
            }
        }
        for (var c : d.cancels()) {
            // as the Plugin contract says: a thread of this process in execute/poll is stopped through its
            // cancellation token, and only a WAITING attempt's plugin is told through Plugin.cancel. A RUNNING
            // attempt without a thread here (after a restart or takeover, or its thread just ended) is not.
            var ctx = task.running.get(c.nodeId());
            if (ctx != null && ctx.attempt() == c.attempt()) {
                var returned = ctx.end(c.reason());
                if (returned != null) attempts.cancelStartedWork(task, ctx, returned);
            }
            else if (c.waiting()) attempts.cancelWaiting(task, nodeOf(d, c.nodeId()), c.reason());
        }
        for (var dispatch : d.dispatches()) attempts.dispatch(task, nodeOf(d, dispatch.nodeId()), dispatch);
        for (var t : d.timers()) attempts.arm(task, t);
        var state = d.taskState();
        if (state != null && task.run.parentTaskId != null
                && (state == TaskState.FINISHED || state == TaskState.FAILED || state == TaskState.REVOKED)) {
            notifyParent(task.run, state);
        }
        if (task.releasing != null && engine.owned.remove(task.id(), task)) {
            log.debug("released task {}", task.id());
        }
    }

    private void loseOwnership(OwnedTask task, Throwable error) {
        if (task.lost) return;
        task.lost = true;
        engine.owned.remove(task.id(), task);
        task.running.values().forEach(a -> a.cancel("this server lost ownership of the task"));
        log.warn("task {} dropped from memory ({}); it will be recovered from the database", task.id(),
                error == null ? "owned elsewhere" : error.getMessage());
    }

    private void notifyParent(TaskRun child, TaskState state) {
        var signal = new Signal.ChildSettled(child.parentNodeId, child.parentAttempt, child.id, state,
                child.outputs == null ? Map.of() : child.outputs);
        Thread.ofVirtual().start(() -> {
            try {
                engine.execute(child.parentTaskId, signal);
            } catch (RuntimeException e) {
                log.warn("parent task {} was not told that child {} ended {}; it checks on recovery",
                        child.parentTaskId, child.id, state, e);
            }
        });
    }

    private static NodeRun nodeOf(Decision d, String nodeId) {
        for (var n : d.nodes()) if (n.nodeId.equals(nodeId)) return n;
        throw new IllegalStateException("dispatched node " + nodeId + " not in decision");
    }

    /** Ended, or failed/paused/created with nothing running or waiting: no owner needed. */
    static boolean shouldRelease(TaskRun run) {
        if (run.state.isTerminal()) return true;
        if (run.state == TaskState.RUNNING) return false;
        for (var n : run.nodes.values()) {
            if (n.state == NodeState.RUNNING || n.state == NodeState.WAITING) return false;
        }
        return true;
    }

    private WriteSet writeSet(OwnedTask task, Decision d, boolean release, Long commandId) {
        var run = task.run;
        var secrets = run.secretValues();
        List<NodeRun> nodes = d.nodes();
        if (!secrets.isEmpty()) {
            nodes = new ArrayList<>(d.nodes().size());
            for (var n : d.nodes()) {
                var m = n.copy();
                m.inputs = Masking.maskMap(n.inputs, secrets);
                m.outputs = Masking.maskMap(n.outputs, secrets);
                if (n.error != null) m.error = Masking.maskText(n.error, secrets);
                nodes.add(m);
            }
        }
        var events = d.events();
        if (!secrets.isEmpty()) {
            events = d.events().stream().map(e -> e.reason() == null ? e : new TaskEvent(e.seq(), e.taskId(), e.nodeId(),
                    e.type(), e.actor(), e.at(), Masking.maskText(e.reason(), secrets), e.data())).toList();
        }
        // null keeps the stored outputs: they only change when the task finishes
        var outputs = d.outputs() == null ? null : Masking.maskMap(d.outputs(), secrets);
        // d.taskState() is null when the state did not change: then the task row is not rewritten
        return new WriteSet(run.id, engine.config.ownerId(), run.version - 1, d.taskState(), d.startedAt(), d.finishedAt(),
                outputs, d.converges(), release, nodes, events,
                commandId == null ? Map.of() : Map.of(commandId, "ok"), task.pendingInsert, task.pendingCreated,
                task.pendingInsert == null ? null : engine.clock.instant().plus(engine.config.lease()));
    }

    private void answer(OwnedTask.Job job, Throwable error) {
        if (job.answer() != null) {
            if (error == null) job.answer().complete(null);
            else job.answer().completeExceptionally(error);
        }
        if (job.commandId() != null && error != null) {
            try {
                engine.repository.answerCommand(job.commandId(), Commands.errorResult(error));
            } catch (RuntimeException e) {
                log.warn("could not answer command {}", job.commandId(), e);
            }
        }
    }

    /** Feeds a plugin outcome back into the task's mailbox. */
    void outcome(OwnedTask task, String nodeId, int pass, int attempt, PluginResult result) {
        enqueue(task, new OwnedTask.Job(new Signal.Outcome(nodeId, pass, attempt, result, TaskEvent.ENGINE), null, null));
    }

    void signal(OwnedTask task, Signal signal) {
        enqueue(task, new OwnedTask.Job(signal, null, null));
    }
}
