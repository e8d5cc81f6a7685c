package dev.opsflow.jobs.flow;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.jobs.run.JobService;
import dev.opsflow.jobs.run.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The poll-style life of every job plugin node, over {@link JobService}:
 * <ul>
 *   <li>{@link #execute}: reads the inputs, starts one job run (origin {@code flow}, task and node) and
 *       returns {@code WaitUntil(now + 500 ms, {run_id, project, fail_when, since})}. No thread is held
 *       while hosts run.</li>
 *   <li>{@link #poll}: reads {@code summary(run_id)}; still RUNNING → wait again (every 500 ms for the
 *       first 30 s, then every 2 s); PAUSED or WAITING_CONFIRMATION (someone must act on the run) →
 *       wait again every 2 s, logging the state once; otherwise {@link RunOutcome#result}.</li>
 *   <li>{@link #reattach}: an attempt interrupted by a restart resumes polling the run in its state;
 *       when the state was not saved yet, a script or file run is found again by its origin (task and
 *       node) and its name (which carries the attempt), so a restart never starts a second run.</li>
 * </ul>
 * The project is the task's (through {@link TaskLookup}); a {@code project} input naming another
 * project is refused. Without a known task (tests, tools), the {@code project} input (default
 * {@code default}) and the {@code operator} input (default {@code flow}) are used.
 */
abstract sealed class JobRunPlugin implements Plugin permits JobScriptPlugin, JobFilePlugin, JobPlanPlugin {
    static final Duration FAST_POLL = Duration.ofMillis(500);
    static final Duration SLOW_POLL = Duration.ofSeconds(2);
    static final Duration FAST_PHASE = Duration.ofSeconds(30);

    static final List<FieldSpec> OWNER_INPUTS = List.of(
            FieldSpec.optional("project", FieldType.STRING, null,
                    "Project whose hosts and accounts are used; the task's own project (must match when given)"),
            FieldSpec.optional("operator", FieldType.STRING, null,
                    "Recorded as the run's startedBy when the task is unknown; else the task's creator"));

    static final List<FieldSpec> RUN_OUTPUTS = List.of(
            FieldSpec.required("run_id", FieldType.STRING, "The job run (see /job-runs/{id})"),
            FieldSpec.required("state", FieldType.STRING, "Run state: SUCCEEDED, FAILED, TERMINATED, ..."),
            FieldSpec.required("total", FieldType.INT, "Hosts in the run"),
            FieldSpec.required("succeeded", FieldType.INT, "Hosts that succeeded"),
            FieldSpec.required("failed", FieldType.INT, "Hosts that did not succeed"),
            FieldSpec.required("groups", FieldType.LIST,
                    "Results grouped by state, exit code and output: {state, exit_code, count, hosts, sample_stdout, sample_stderr, error}"),
            FieldSpec.required("hosts", FieldType.MAP, "Host name → outputs published with ##opsflow:output lines"),
            FieldSpec.optional("exit_code", FieldType.INT, null, "Exit code of the only host of a one-host run"));

    final JobService jobs;
    final TaskLookup tasks;

    JobRunPlugin(JobService jobs, TaskLookup tasks) {
        this.jobs = jobs;
        this.tasks = tasks;
    }

    /** Where and as whom the run starts. */
    record Owner(String project, Origin origin) {
    }

    /**
     * Starts the run.
     *
     * @param runName the name the run must get (script and file runs), so {@link #reattach} can find it
     * @return the run id
     * @throws IllegalArgumentException for a bad input (message names it) or a request the platform refuses
     */
    abstract String start(PluginContext ctx, FlowInputs in, Owner owner, String runName);

    /** @return the failure policy from the inputs (job_plan: always {@code any}) */
    FailWhen failWhen(FlowInputs in) {
        return FailWhen.parse(in.string("fail_when").orElse(null));
    }

    /** @return whether {@link #reattach} may look the run up by origin and name (false when the run names itself) */
    boolean findableByName() {
        return true;
    }

    @Override
    public PluginResult execute(PluginContext ctx) {
        var in = FlowInputs.of(ctx.inputs());
        Owner owner;
        FailWhen policy;
        String runId;
        try {
            owner = owner(ctx, in);
            policy = failWhen(in);
            runId = start(ctx, in, owner, runName(ctx, in));
        } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException e) {
            return PluginResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            if (e.getMessage() == null) throw e;
            return PluginResult.failed(e.getMessage());
        }
        ctx.log().info("started job run " + runId + " in project '" + owner.project() + "' as " + owner.origin().actor());
        var now = ctx.clock().instant();
        var state = new LinkedHashMap<String, Object>();
        state.put("run_id", runId);
        state.put("project", owner.project());
        state.put("fail_when", policy.toString());
        state.put("since", now.toString());
        return PluginResult.waitUntil(now.plus(FAST_POLL), state);
    }

    @Override
    public PluginResult poll(PluginContext ctx) {
        var state = ctx.state();
        if (!(state.get("run_id") instanceof String runId)) {
            return PluginResult.failed("job plugin state has no run_id: " + state);
        }
        // every poll reads only the run row; the per-host summary is built once, when the run settled
        var run = state.get("project") instanceof String project ? jobs.runs().get(project, runId)
                : jobs.summary(runId).run();
        var runState = run.state();
        var now = ctx.clock().instant();
        if (runState.isMoving() || RunOutcome.waitingForPerson(runState)) {
            var next = new LinkedHashMap<>(state);
            if (RunOutcome.waitingForPerson(runState) && !runState.name().equals(state.get("seen"))) {
                ctx.log().info("job run " + runId + " is " + runState + "; act on it in the job runs view "
                        + "(/api/v1/projects/" + run.project() + "/job-runs/" + runId + ")");
            }
            next.put("seen", runState.name());
            return PluginResult.waitUntil(now.plus(interval(state, now, runState.isMoving())), next);
        }
        return RunOutcome.result(jobs.summary(runId), FailWhen.parse(String.valueOf(state.getOrDefault("fail_when", "any"))), ctx.log());
    }

    /** The node was revoked, force-failed or timed out while its run went on: terminate the run. */
    @Override
    public void cancel(PluginContext ctx, String reason) {
        if (!(ctx.state().get("run_id") instanceof String runId) || !(ctx.state().get("project") instanceof String project)) {
            return;
        }
        var runState = jobs.runs().get(project, runId).state();
        if (!runState.isMoving() && !RunOutcome.waitingForPerson(runState)) return;
        jobs.runs().terminate(project, runId, "engine", "flow node " + ctx.nodeId() + " of task " + ctx.taskId()
                + ": " + reason);
    }

    @Override
    public Optional<PluginResult> reattach(PluginContext ctx) {
        var now = ctx.clock().instant();
        if (ctx.state().get("run_id") instanceof String) {
            ctx.log().info("re-attached to job run " + ctx.state().get("run_id"));
            return Optional.of(PluginResult.waitUntil(now, ctx.state()));
        }
        if (!findableByName()) return Optional.empty();
        try {
            var in = FlowInputs.of(ctx.inputs());
            var owner = owner(ctx, in);
            var name = runName(ctx, in);
            return jobs.runs().findByOrigin(owner.project(), ctx.taskId(), ctx.nodeId(), name)
                    .map(r -> {
                        ctx.log().info("re-attached to job run " + r.id());
                        var state = new LinkedHashMap<String, Object>();
                        state.put("run_id", r.id());
                        state.put("project", owner.project());
                        state.put("fail_when", failWhen(in).toString());
                        state.put("since", r.createdAt().toString());
                        return PluginResult.waitUntil(now, state);
                    });
        } catch (RuntimeException e) {
            // the attempt is then marked interrupted: say why, the run may still be going
            ctx.log().info("could not look up the job run of this node to re-attach to it: " + e.getMessage());
            return Optional.empty();
        }
    }

    Owner owner(PluginContext ctx, FlowInputs in) {
        var known = tasks.find(ctx.taskId());
        var asked = in.string("project").map(String::trim);
        if (known.isPresent()) {
            var project = known.get().project();
            if (asked.isPresent() && !asked.get().equals(project)) {
                throw FlowInputs.invalid("project", "task " + ctx.taskId() + " belongs to project '" + project
                        + "' and cannot run jobs in project '" + asked.get() + "'");
            }
            return new Owner(project, Origin.flow(known.get().operator(), ctx.taskId(), ctx.nodeId()));
        }
        var operator = in.string("operator").orElse("flow");
        return new Owner(asked.orElse("default"), Origin.flow(operator, ctx.taskId(), ctx.nodeId()));
    }

    /** {@code <name input or default> (flow <task>/<node> #<attempt>)}: unique per attempt. */
    String runName(PluginContext ctx, FlowInputs in) {
        var base = in.string("name").orElse(defaultName(in));
        return base + " (flow " + ctx.taskId() + "/" + ctx.nodeId() + " #" + ctx.attempt() + ")";
    }

    abstract String defaultName(FlowInputs in);

    private static Duration interval(Map<String, Object> state, Instant now, boolean moving) {
        if (!moving) return SLOW_POLL;
        try {
            var since = Instant.parse(String.valueOf(state.get("since")));
            return Duration.between(since, now).compareTo(FAST_PHASE) < 0 ? FAST_POLL : SLOW_POLL;
        } catch (RuntimeException e) {
            return FAST_POLL;
        }
    }

    /** Inputs shared by job_script and job_file: where, as whom, how many at once, failure policy. */
    static List<FieldSpec> targetInputs() {
        return List.of(
                FieldSpec.required("targets", FieldType.ANY,
                        "Hosts: a list or comma-separated string of host names, group:x, label selectors, local"),
                FieldSpec.optional("account", FieldType.STRING, null, "Account (OS user + credential); may be omitted for local only"),
                FieldSpec.optional("timeout", FieldType.DURATION, null, "Per-host limit: 30s, 5m, ..."),
                FieldSpec.optional("concurrency", FieldType.INT, null, "Hosts at once; the platform default when absent"),
                FieldSpec.optional("rolling", FieldType.MAP, null, "Batches: {batchSize | batchPercent, onFailure: pause|stop|continue}"),
                new FieldSpec("fail_when", FieldType.STRING, false, "any",
                        "any: fail when any host did not succeed; percent:N: fail when more than N% did not", List.of()),
                FieldSpec.optional("name", FieldType.STRING, null, "Run name shown in the job history"));
    }
}
