package dev.opsflow.jobs.run;

import dev.opsflow.exec.DangerousCommandRules;
import dev.opsflow.exec.DangerousCommandRules.Finding;
import dev.opsflow.jobs.library.DangerousCommandException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Records a new run and hands it to the {@link RunExecutor}; or records a BLOCKED run when a
 * dangerous-command rule refused it, so the attempt (who, what, which rule) stays in the history.
 */
final class RunStarter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final RunStore store;
    private final RunExecutor executor;
    private final JobSettings settings;
    private final Clock clock;

    RunStarter(RunStore store, RunExecutor executor, JobSettings settings, Clock clock) {
        this.store = store;
        this.executor = executor;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a new run is. */
    record NewRun(String project, RunKind kind, String name, String planName, Integer planVersion, Origin origin,
                  Map<String, Object> maskedVariables, Map<String, Object> clearVariables, List<String> targets,
                  List<StepSpec> steps) {
    }

    /** Stores the run as RUNNING and starts driving it. @return the run id */
    String start(NewRun r) {
        var id = newId();
        store.insert(run(id, r, RunState.RUNNING, null), r.steps(), r.clearVariables(), settings.nodeId());
        executor.start(id);
        return id;
    }

    /**
     * Stores the refused run as BLOCKED and returns the exception to throw (422).
     *
     * @param field the request field of the script, e.g. {@code content} or {@code steps[2].content}
     */
    DangerousCommandException blocked(NewRun r, String field, List<Finding> findings) {
        var blocking = findings.stream().filter(f -> f.rule().action() == DangerousCommandRules.Action.BLOCK).toList();
        var id = newId();
        var error = "blocked before reaching any host: " + blocking.stream()
                .map(f -> "rule '" + f.rule().id() + "' at " + field + " line " + f.line() + ": " + f.text())
                .collect(Collectors.joining("; "));
        store.insert(run(id, r, RunState.BLOCKED, error), r.steps(), r.clearVariables(), settings.nodeId());
        return new DangerousCommandException(field, blocking, id);
    }

    private JobRun run(String id, NewRun r, RunState state, String error) {
        var now = clock.instant();
        return new JobRun(id, r.project(), r.kind(), r.name(), r.planName(), r.planVersion(), state, r.origin(), now,
                state.isMoving() ? null : now, r.maskedVariables(), String.join(", ", r.targets()), error, 0);
    }

    static String newId() {
        var b = new byte[10];
        RANDOM.nextBytes(b);
        return "r_" + HexFormat.of().formatHex(b);
    }
}
