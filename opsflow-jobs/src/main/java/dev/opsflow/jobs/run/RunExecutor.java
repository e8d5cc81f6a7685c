package dev.opsflow.jobs.run;

import dev.opsflow.exec.Execution;
import dev.opsflow.exec.Host;
import dev.opsflow.exec.HostExecutor;
import dev.opsflow.exec.HostResult;
import dev.opsflow.exec.HostState;
import dev.opsflow.exec.OnBatchFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives runs: one virtual thread per RUNNING run walks its steps in order, runs script and file steps
 * on the {@link HostExecutor}, records every host and line, and stops at a confirm step
 * (WAITING_CONFIRMATION), a failed step (FAILED) or a termination (TERMINATED). Operations that make a
 * run RUNNING again (confirm, skip, retry) call {@link #start} to continue where it stopped; every fact
 * the driver needs is in the database, so a run continues on any server.
 */
public final class RunExecutor {
    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);
    private static final Set<RunState> MOVING = EnumSet.of(RunState.RUNNING);

    private final RunStore store;
    private final StepPreparer preparer;
    private final HostExecutor executor;
    private final ActiveRuns active;
    private final JobSettings settings;
    private final Clock clock;

    RunExecutor(RunStore store, StepPreparer preparer, HostExecutor executor, ActiveRuns active, JobSettings settings,
                Clock clock) {
        this.store = store;
        this.preparer = preparer;
        this.executor = executor;
        this.active = active;
        this.settings = settings;
        this.clock = clock;
    }

    /** Drives {@code runId} on a new virtual thread (no-op when this server already drives it). */
    void start(String runId) {
        var handle = active.register(runId);
        if (handle == null) return;
        Thread.ofVirtual().name("job-run-" + runId).start(() -> drive(runId, handle));
    }

    private enum Outcome { SUCCEEDED, FAILED, TERMINATED }

    private void drive(String runId, ActiveRuns.Handle handle) {
        var handOver = false;
        try {
            int stepCount = -1;
            while (true) {
                var run = store.get(runId);
                if (run.state() != RunState.RUNNING) {
                    handOver = true;
                    return;
                }
                // the steps are fixed when the run is inserted: count them once, then read (and decrypt) only
                // the step this pass acts on, fresh, since operations and this driver change its state
                if (stepCount < 0) stepCount = store.stepCount(runId);
                int i = run.currentStep();
                if (i >= stepCount) {
                    transition(runId, MOVING, RunState.SUCCEEDED, null, null);
                    return;
                }
                var step = store.step(runId, i);
                if (step.state() == StepState.SUCCEEDED || step.state() == StepState.SKIPPED) {
                    transition(runId, MOVING, RunState.RUNNING, i + 1, null);
                    continue;
                }
                if (step.kind() == StepKind.CONFIRM) {
                    store.updateStep(runId, i, StepState.WAITING_CONFIRMATION, 1, clock.instant(), null, null, null);
                    transition(runId, MOVING, RunState.WAITING_CONFIRMATION, null, null);
                    handOver = true;
                    return;
                }
                var outcome = runStep(run, step, handle);
                switch (outcome) {
                    case SUCCEEDED -> transition(runId, MOVING, RunState.RUNNING, i + 1, null);
                    case FAILED -> {
                        transition(runId, EnumSet.of(RunState.RUNNING, RunState.PAUSED), RunState.FAILED, null,
                                "step " + i + " '" + step.name() + "' failed: " + store.step(runId, i).error());
                        handOver = true;
                        return;
                    }
                    case TERMINATED -> {
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("job run {} failed unexpectedly", runId, e);
            transition(runId, EnumSet.of(RunState.RUNNING, RunState.PAUSED), RunState.FAILED, null, "internal error: " + e);
        } finally {
            active.unregister(runId);
            // An operation (confirm, skip, retry) may have made the run RUNNING again while this driver was
            // leaving, and its start() found this driver still registered: take the run up again.
            if (handOver && store.get(runId).state() == RunState.RUNNING) start(runId);
        }
    }

    private Outcome runStep(JobRun run, JobStep step, ActiveRuns.Handle handle) {
        var runId = run.id();
        int i = step.index();
        int attempt = step.attempt() + 1;
        var started = step.startedAt() == null ? clock.instant() : step.startedAt();
        store.updateStep(runId, i, StepState.RUNNING, attempt, started, null, null, null);
        List<Host> only = null;
        if (attempt > 1) {
            var previous = store.hosts(runId, i, null, null, true);
            if (!previous.isEmpty()) {
                only = previous.stream().filter(h -> h.state() != HostState.SUCCEEDED)
                        .map(h -> new Host(h.host(), h.address(), h.address().equals(Host.LOCAL) ? 0 : h.port(), "linux", Map.of()))
                        .toList();
            }
        }
        StepPreparer.Prepared p;
        try {
            p = preparer.prepare(run.project(), step.spec(), only);
        } catch (RuntimeException e) {
            store.updateStep(runId, i, StepState.FAILED, attempt, started, clock.instant(), e.getMessage(), null);
            return Outcome.FAILED;
        }
        store.startHosts(runId, i, attempt, p.hosts());
        var masker = StepSpecs.masker(step.spec());
        var rolling = p.options().rolling();
        var recorder = new HostRecorder(store, runId, i, attempt, settings.logCapBytes(), masker, clock,
                (batch, failed) -> {
                    if (failed && batch >= 0 && rolling != null && rolling.onFailure() == OnBatchFailure.PAUSE) {
                        Thread.ofVirtual().start(() -> markPaused(runId, i, attempt, started, handle));
                    }
                }, active.events());
        List<HostResult> results;
        try (recorder) {
            Execution execution = p.script() != null
                    ? executor.runScript(p.hosts(), p.account(), p.script(), p.options(), recorder)
                    : executor.pushFiles(p.hosts(), p.account(), p.files(), p.options(), recorder);
            handle.attach(execution);
            results = execution.done().join();
            handle.attach(null);
        }
        // the recorder stored most results as their hosts ended; what a failed batch left out is written now
        var unstored = results.stream().filter(r -> !recorder.resultStored(r.host())).map(r -> HostRecorder.mask(r, masker)).toList();
        if (!unstored.isEmpty()) store.finishHosts(runId, i, attempt, unstored, recorder.truncatedHosts());
        var latest = store.hosts(runId, i, null, null, true);
        var failed = latest.stream().filter(h -> h.state() != HostState.SUCCEEDED).count();
        var now = clock.instant();
        if (handle.terminated()) {
            store.updateStep(runId, i, StepState.TERMINATED, attempt, started, now, "terminated", null);
            return Outcome.TERMINATED;
        }
        if (failed == 0) {
            store.updateStep(runId, i, StepState.SUCCEEDED, attempt, started, now, null, null);
            return Outcome.SUCCEEDED;
        }
        store.updateStep(runId, i, StepState.FAILED, attempt, started, now,
                failed + " of " + latest.size() + " hosts did not succeed", null);
        return Outcome.FAILED;
    }

    /** A rolling batch failed with onFailure PAUSE: once the execution really waits, show it as PAUSED. */
    private void markPaused(String runId, int step, int attempt, java.time.Instant started, ActiveRuns.Handle handle) {
        var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!handle.isPaused() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (!handle.isPaused()) return;
        // the step first, so whoever sees the run PAUSED also sees which step
        store.updateStep(runId, step, StepState.PAUSED, attempt, started, null, null, null);
        if (!transition(runId, MOVING, RunState.PAUSED, null, "step " + step + ": a rolling batch failed; resume or terminate")) {
            store.updateStep(runId, step, StepState.RUNNING, attempt, started, null, null, null);
        }
    }

    boolean transition(String runId, Set<RunState> from, RunState to, Integer currentStep, String error) {
        var ok = store.transition(runId, from, to, currentStep, error, settings.nodeId());
        if (ok) {
            active.events().publish(runId, new RunEvents.Event("run", Map.of("state", to.name())));
            active.signal();
        }
        return ok;
    }
}
