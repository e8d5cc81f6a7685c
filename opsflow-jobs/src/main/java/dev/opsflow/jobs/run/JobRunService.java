package dev.opsflow.jobs.run;

import dev.opsflow.engine.task.StateConflictException;
import dev.opsflow.exec.HostState;
import dev.opsflow.exec.ResultGroups;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Execution history and the operations on runs: terminate, retry the failed hosts of a step, skip a
 * failed step, confirm a confirm step, resume a paused rolling batch. Operations not allowed in the
 * current state throw {@link StateConflictException} ("Expected step 2 to be FAILED but was SUCCEEDED").
 */
public final class JobRunService {
    private final RunStore store;
    private final RunExecutor executor;
    private final ActiveRuns active;

    JobRunService(RunStore store, RunExecutor executor, ActiveRuns active) {
        this.store = store;
        this.executor = executor;
        this.active = active;
    }

    public JobRun get(String project, String runId) {
        return store.get(project, runId);
    }

    /** @param q text searched in stored output (and run names); null for none */
    public List<JobRun> list(String project, RunKind kind, RunState state, String q, int limit) {
        return store.list(project, kind, state, q, Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * The run a flow node's attempt started, for re-attaching to it after a restart.
     *
     * @param taskId the flow task of the run's origin
     * @param nodeId the node of that task
     * @param name   the exact name the attempt gave its run (it carries the attempt number)
     * @return the newest such run in {@code project}; empty when the attempt started none
     */
    public Optional<JobRun> findByOrigin(String project, String taskId, String nodeId, String name) {
        return store.findByOrigin(project, taskId, nodeId, name);
    }

    public List<JobStep> steps(String runId) {
        return store.steps(runId);
    }

    /** Host results (latest attempt per host) of one step or all steps, filtered by state and text. */
    public List<JobHost> hosts(String project, String runId, Integer step, HostState state, String q) {
        store.get(project, runId);
        if (step != null) store.step(runId, step);
        return store.hosts(runId, step, state, q, true);
    }

    /** @return the run with grouped results per step and outputs by host */
    public RunSummary summary(String runId) {
        var run = store.get(runId);
        var steps = store.steps(runId);
        var hosts = store.hosts(runId, null, null, null, true);
        var byStep = hosts.stream().collect(Collectors.groupingBy(JobHost::step, TreeMap::new, Collectors.toList()));
        var outputs = new LinkedHashMap<String, Map<String, Object>>();
        var summaries = steps.stream().map(s -> {
            var rows = byStep.getOrDefault(s.index(), List.of());
            var counts = new TreeMap<HostState, Long>();
            rows.forEach(h -> counts.merge(h.state(), 1L, Long::sum));
            rows.forEach(h -> {
                if (!h.outputs().isEmpty()) outputs.computeIfAbsent(h.host(), k -> new LinkedHashMap<>()).putAll(h.outputs());
            });
            return new RunSummary.StepSummary(s, counts, ResultGroups.group(rows.stream().map(JobHost::toResult).toList()));
        }).toList();
        return new RunSummary(run, summaries, outputs);
    }

    /**
     * Blocks until the run is not RUNNING (settled, or waiting for a person) or {@code timeout} passed.
     * Virtual-thread friendly: waits on a lock condition, re-reading the database at least every 500 ms
     * so runs driven by another replica are seen too.
     */
    public RunSummary await(String runId, Duration timeout) {
        var deadline = System.nanoTime() + (timeout == null ? Long.MAX_VALUE / 2 : timeout.toNanos());
        while (true) {
            if (!store.get(runId).state().isMoving() || System.nanoTime() >= deadline) return summary(runId);
            try {
                var left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                active.awaitChange(left.compareTo(Duration.ofMillis(500)) < 0 ? left : Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return summary(runId);
            }
        }
    }

    /** Stops a run: running hosts are killed, a waiting or failed run is closed. */
    public JobRun terminate(String project, String runId, String actor, String reason) {
        var run = store.get(project, runId);
        var why = "terminated by " + actor + (reason == null || reason.isBlank() ? "" : ": " + reason);
        if (!executor.transition(runId, EnumSet.of(RunState.RUNNING, RunState.PAUSED, RunState.WAITING_CONFIRMATION,
                RunState.FAILED), RunState.TERMINATED, null, why)) {
            throw new StateConflictException("Expected job run '" + runId + "' to be RUNNING, PAUSED, WAITING_CONFIRMATION or "
                    + "FAILED but was " + store.get(runId).state());
        }
        var handle = active.get(runId);
        if (handle != null) handle.terminate(why);
        if (run.currentStep() < store.stepCount(runId)) {
            var step = store.step(runId, run.currentStep());
            if (step.state() == StepState.WAITING_CONFIRMATION) {
                store.transitionStep(runId, step.index(), StepState.WAITING_CONFIRMATION, StepState.TERMINATED, null);
            }
        }
        return store.get(runId);
    }

    /** Runs the hosts of failed step {@code index} that did not succeed again, as a new attempt. */
    public JobRun retryFailed(String project, String runId, int index, String actor) {
        requireFailedStep(project, runId, index);
        if (!executor.transition(runId, EnumSet.of(RunState.FAILED), RunState.RUNNING, index, null)) {
            throw runConflict(runId, RunState.FAILED);
        }
        executor.start(runId);
        return store.get(runId);
    }

    /** Marks failed step {@code index} SKIPPED and continues with the next step. */
    public JobRun skip(String project, String runId, int index, String actor) {
        requireFailedStep(project, runId, index);
        if (!store.transitionStep(runId, index, StepState.FAILED, StepState.SKIPPED, actor)) {
            throw stepConflict(runId, index, StepState.FAILED);
        }
        if (!executor.transition(runId, EnumSet.of(RunState.FAILED), RunState.RUNNING, index + 1, null)) {
            throw runConflict(runId, RunState.FAILED);
        }
        executor.start(runId);
        return store.get(runId);
    }

    /** Confirms confirm step {@code index} as {@code actor} and continues with the next step. */
    public JobRun confirm(String project, String runId, int index, String actor) {
        var run = store.get(project, runId);
        var step = store.step(runId, index);
        if (step.kind() != StepKind.CONFIRM) {
            throw new StateConflictException("Expected step " + index + " to be a CONFIRM step but was " + step.kind());
        }
        if (run.state() != RunState.WAITING_CONFIRMATION || step.state() != StepState.WAITING_CONFIRMATION) {
            throw new StateConflictException("Expected step " + index + " to be WAITING_CONFIRMATION but was " + step.state());
        }
        if (!store.transitionStep(runId, index, StepState.WAITING_CONFIRMATION, StepState.SUCCEEDED, actor)) {
            throw stepConflict(runId, index, StepState.WAITING_CONFIRMATION);
        }
        if (!executor.transition(runId, EnumSet.of(RunState.WAITING_CONFIRMATION), RunState.RUNNING, index + 1, null)) {
            throw runConflict(runId, RunState.WAITING_CONFIRMATION);
        }
        executor.start(runId);
        return store.get(runId);
    }

    /** Continues a rolling step paused after a failed batch. */
    public JobRun resume(String project, String runId, int index, String actor) {
        var run = store.get(project, runId);
        var step = store.step(runId, index);
        if (step.state() != StepState.PAUSED) throw stepConflict(runId, index, StepState.PAUSED);
        var handle = active.get(runId);
        if (handle == null) {
            throw new StateConflictException("Expected job run '" + runId + "' to be driven by this server but it is not "
                    + "(state " + run.state() + ")");
        }
        if (!executor.transition(runId, EnumSet.of(RunState.PAUSED), RunState.RUNNING, null, null)) {
            throw runConflict(runId, RunState.PAUSED);
        }
        store.updateStep(runId, index, StepState.RUNNING, step.attempt(), step.startedAt(), null, null, null);
        handle.resume();
        return store.get(runId);
    }

    /**
     * Writes every host's log as text: one section per step and host (each attempt), stderr lines
     * prefixed with {@code [stderr] }. A fixed number of queries whatever the number of hosts; the lines
     * are streamed from the database to {@code out}, not collected first.
     *
     * @throws java.util.NoSuchElementException when the run does not exist in {@code project}
     * @throws UncheckedIOException             when writing to {@code out} fails
     */
    public void exportLogs(String project, String runId, Writer out) {
        RunLogExport.write(store, store.get(project, runId), out);
    }

    private void requireFailedStep(String project, String runId, int index) {
        var run = store.get(project, runId);
        var step = store.step(runId, index);
        if (step.state() != StepState.FAILED) throw stepConflict(runId, index, StepState.FAILED);
        if (run.state() != RunState.FAILED) throw runConflict(runId, RunState.FAILED);
    }

    private StateConflictException stepConflict(String runId, int index, StepState expected) {
        return new StateConflictException("Expected step " + index + " to be " + expected + " but was "
                + store.step(runId, index).state());
    }

    private StateConflictException runConflict(String runId, RunState expected) {
        return new StateConflictException("Expected job run '" + runId + "' to be " + expected + " but was "
                + store.get(runId).state());
    }
}
