package dev.opsflow.jobs.run;

import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.exec.HostExecutor;
import dev.opsflow.jobs.library.DangerousRuleService;
import dev.opsflow.jobs.library.ScriptLibrary;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job platform's front door: what the REST controllers and (later) the flow plugins call. Wires
 * the library, plans, quick runs, history and the run driver from a data source, the secret codec, a
 * clock, the {@link HostExecutor} and the inventory port.
 *
 * <p>Background loops ({@link #heartbeatActiveRuns()}, {@link #failInterruptedRuns()}) are plain
 * methods a test can call once; {@link #start()} runs the interrupted-run sweep once and schedules both.
 */
public final class JobService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    /** The error of runs (and their running steps and hosts) whose server stopped under them. */
    public static final String INTERRUPTED = "interrupted: the server stopped";

    private final ScriptLibrary library;
    private final DangerousRuleService rules;
    private final ArtifactStore artifacts;
    private final JobPlanService plans;
    private final QuickRunService quick;
    private final JobRunService runs;
    private final RunStore store;
    private final ActiveRuns active;
    private final JobSettings settings;
    private final Clock clock;
    private ScheduledExecutorService loops;

    private JobService(Parts p, JobSettings settings, Clock clock) {
        this.library = p.library;
        this.rules = p.rules;
        this.artifacts = p.artifacts;
        this.plans = p.plans;
        this.quick = p.quick;
        this.runs = p.runs;
        this.store = p.store;
        this.active = p.active;
        this.settings = settings;
        this.clock = clock;
    }

    private record Parts(ScriptLibrary library, DangerousRuleService rules, ArtifactStore artifacts, JobPlanService plans,
                         QuickRunService quick, JobRunService runs, RunStore store, ActiveRuns active) {
    }

    /** Builds the whole job platform on {@code ds} (whose schema {@code JdbcStores.migrate} brought up to date). */
    public static JobService create(DataSource ds, SecretCodec codec, Clock clock, HostExecutor executor,
                                    JobInventory inventory, JobSettings settings) {
        var rules = new DangerousRuleService(ds, clock);
        var library = new ScriptLibrary(ds, rules, clock);
        var artifacts = new ArtifactStore(ds, settings.dataDir(), clock);
        var store = new RunStore(ds, codec, clock);
        var active = new ActiveRuns();
        var preparer = new StepPreparer(library, rules, inventory, artifacts, settings);
        var driver = new RunExecutor(store, preparer, executor, active, settings, clock);
        var starter = new RunStarter(store, driver, settings, clock);
        var plans = new JobPlanService(ds, new JobPlanService.Services(library, rules, artifacts, preparer, starter), clock);
        var quick = new QuickRunService(library, rules, preparer, artifacts, starter);
        var runs = new JobRunService(store, driver, active);
        return new JobService(new Parts(library, rules, artifacts, plans, quick, runs, store, active), settings, clock);
    }

    public ScriptLibrary library() {
        return library;
    }

    public DangerousRuleService dangerousRules() {
        return rules;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    public JobPlanService plans() {
        return plans;
    }

    public QuickRunService quick() {
        return quick;
    }

    public JobRunService runs() {
        return runs;
    }

    /** Live host/log/run events of runs this server drives (for SSE). */
    public RunEvents events() {
        return active.events();
    }

    /** Runs a quick script. @return the run id @see QuickRunService#runScript */
    public String runScript(String project, QuickScriptRequest request, Origin origin) {
        return quick.runScript(project, request, origin).runId();
    }

    /** Distributes files. @return the run id @see QuickRunService#pushFiles */
    public String pushFiles(String project, QuickFileRequest request, Origin origin) {
        return quick.pushFiles(project, request, origin);
    }

    /** Runs the latest version of a job plan. @return the run id @see JobPlanService#run */
    public String runPlan(String project, String plan, Map<String, Object> variables, Origin origin) {
        return plans.run(project, plan, variables, null, origin);
    }

    /**
     * Blocks (virtual-thread friendly) until the run is no longer RUNNING: finished (SUCCEEDED, FAILED,
     * TERMINATED, BLOCKED) or waiting for a person (WAITING_CONFIRMATION, PAUSED).
     */
    public RunSummary awaitRun(String runId) {
        return runs.await(runId, null);
    }

    /** As {@link #awaitRun(String)}, giving up after {@code timeout} (returns the run as it is then). */
    public RunSummary awaitRun(String runId, Duration timeout) {
        return runs.await(runId, timeout);
    }

    /** @return state, steps with grouped per-host results, and outputs by host */
    public RunSummary summary(String runId) {
        return runs.summary(runId);
    }

    /** Proves that this server still drives its runs (loop body). */
    public void heartbeatActiveRuns() {
        store.heartbeat(active.ids(), settings.nodeId());
    }

    /**
     * Marks runs whose server stopped as FAILED with {@value #INTERRUPTED} (loop body; also run once by
     * {@link #start()}): runs owned by this node id that it does not drive (heartbeat older than one
     * heartbeat interval), and any run whose heartbeat is older than {@link JobSettings#staleAfter()}.
     *
     * @return the ids of the runs marked
     */
    public List<String> failInterruptedRuns() {
        var now = clock.instant();
        var ids = store.failInterrupted(now.minus(settings.staleAfter()), settings.nodeId(),
                now.minus(settings.heartbeatInterval()), active.ids(), INTERRUPTED);
        if (!ids.isEmpty()) {
            log.warn("marked {} interrupted job run(s) FAILED: {}", ids.size(), ids);
            active.signal();
        }
        return ids;
    }

    /** Sweeps interrupted runs once, then schedules the heartbeat and the sweep. */
    public synchronized void start() {
        if (loops != null) return;
        failInterruptedRuns();
        loops = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("job-loops").daemon().factory());
        var every = settings.heartbeatInterval().toMillis();
        loops.scheduleWithFixedDelay(() -> safely(this::heartbeatActiveRuns), every, every, TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(() -> safely(this::failInterruptedRuns), every, every, TimeUnit.MILLISECONDS);
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("job platform loop failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (loops != null) loops.shutdownNow();
        loops = null;
    }
}
