package dev.opsflow.jobs.run;

import static dev.opsflow.jobs.library.JdbcSupport.args;

import dev.opsflow.engine.template.Problem;
import dev.opsflow.engine.template.TemplateInvalidException;
import dev.opsflow.exec.DangerousCommandRules;
import dev.opsflow.exec.DangerousCommandRules.Finding;
import dev.opsflow.jobs.library.DangerousCommandException;
import dev.opsflow.jobs.library.DangerousRuleService;
import dev.opsflow.jobs.library.JdbcSupport;
import dev.opsflow.jobs.library.ScriptLibrary;
import dev.opsflow.jobs.library.ScriptVersionState;
import dev.opsflow.store.jdbc.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Versioned job plans ({@code job_plan}) and running them. Saving validates everything at once and
 * answers every problem with its step index and field; running binds the variables, substitutes
 * {@code ${name}} references, applies the dangerous-command rules to every script step before anything
 * reaches a host, and records the run.
 */
public final class JobPlanService {
    private final JdbcSupport db;
    private final ScriptLibrary library;
    private final DangerousRuleService rules;
    private final ArtifactStore artifacts;
    private final StepPreparer preparer;
    private final RunStarter starter;
    private final Clock clock;

    JobPlanService(DataSource ds, Services s, Clock clock) {
        this.db = new JdbcSupport(ds);
        this.library = s.library();
        this.rules = s.rules();
        this.artifacts = s.artifacts();
        this.preparer = s.preparer();
        this.starter = s.starter();
        this.clock = clock;
    }

    /** The collaborators of the plan service, bundled to keep the constructor small. */
    record Services(ScriptLibrary library, DangerousRuleService rules, ArtifactStore artifacts, StepPreparer preparer,
                    RunStarter starter) {
    }

    /** A saved (or unchanged) plan and the WARN findings of its inline scripts. */
    public record SaveResult(JobPlan plan, boolean created, List<Finding> warnings) {
    }

    /**
     * Saves {@code body} as the next version of plan {@code name} (or version 1). An unchanged body adds
     * no version.
     *
     * @throws TemplateInvalidException with every problem (field {@code steps[i].x}, {@code variables[i].x})
     */
    public SaveResult save(String project, String name, Map<String, Object> body, String actor) {
        var problems = new ArrayList<Problem>();
        var nameProblem = PlanParser.checkName(name);
        if (nameProblem != null) problems.add(nameProblem);
        if (body.get("name") != null && !body.get("name").equals(name)) {
            problems.add(new Problem(null, "name", 0, "name-mismatch", "the body's name '" + body.get("name")
                    + "' differs from '" + name + "'"));
        }
        var parsed = PlanParser.parse(body);
        problems.addAll(parsed.problems());
        var warnings = new ArrayList<Finding>();
        for (int i = 0; i < parsed.steps().size(); i++) check(project, i, parsed.steps().get(i), problems, warnings);
        if (!problems.isEmpty()) throw new TemplateInvalidException(problems);
        var definition = Json.write(definition(parsed.description(), parsed.variables(), parsed.steps()));
        var created = db.tx("save plan", c -> {
            var latest = Jdbc.list(c, "SELECT version, definition FROM job_plan WHERE project = ? AND name = ? "
                    + "ORDER BY version DESC LIMIT 1", args(project, name), rs -> Map.entry(rs.getInt(1), rs.getString(2)));
            if (!latest.isEmpty() && latest.getFirst().getValue().equals(definition)) return false;
            int next = latest.isEmpty() ? 1 : latest.getFirst().getKey() + 1;
            Jdbc.update(c, "INSERT INTO job_plan (project, name, version, description, definition, created_at, created_by) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", args(project, name, next, parsed.description(), definition, clock.instant(), actor));
            return true;
        });
        return new SaveResult(get(project, name, null), created, warnings);
    }

    /** @param version null = latest */
    public JobPlan get(String project, String name, Integer version) {
        var sql = "SELECT * FROM job_plan WHERE project = ? AND name = ?"
                + (version == null ? " ORDER BY version DESC LIMIT 1" : " AND version = ?");
        var binder = version == null ? args(project, name) : args(project, name, version);
        return db.queryOne(sql, binder, JobPlanService::plan).orElseThrow(() -> new NoSuchElementException("job plan '"
                + name + "'" + (version == null ? "" : " version " + version) + " does not exist in project '" + project + "'"));
    }

    /** @return the latest version of every plan, by name */
    public List<JobPlan> list(String project) {
        return db.query("SELECT * FROM job_plan p WHERE project = ? AND version = (SELECT MAX(version) FROM job_plan x "
                + "WHERE x.project = p.project AND x.name = p.name) ORDER BY name", args(project), JobPlanService::plan);
    }

    /** @return every version, newest first */
    public List<JobPlan> versions(String project, String name) {
        var all = db.query("SELECT * FROM job_plan WHERE project = ? AND name = ? ORDER BY version DESC", args(project, name),
                JobPlanService::plan);
        if (all.isEmpty()) throw new NoSuchElementException("job plan '" + name + "' does not exist in project '" + project + "'");
        return all;
    }

    /** Deletes every version; past runs keep their own copy of the steps. */
    public void delete(String project, String name) {
        if (db.update("DELETE FROM job_plan WHERE project = ? AND name = ?", args(project, name)) == 0) {
            throw new NoSuchElementException("job plan '" + name + "' does not exist in project '" + project + "'");
        }
    }

    /** Runs the latest version of plan {@code plan}. @see #run(String, String, Integer, Map, String, Origin) */
    public String run(String project, String plan, Map<String, Object> vars, String actor, Origin origin) {
        return run(project, plan, null, vars, actor, origin);
    }

    /**
     * Runs a plan with variable values.
     *
     * @param actor recorded as who started the run (overrides {@code origin.actor()} when non-null)
     * @return the run id
     * @throws TemplateInvalidException for invalid variable values or targets that do not resolve
     * @throws DangerousCommandException when a script step is blocked (the attempt is recorded BLOCKED)
     */
    public String run(String project, String planName, Integer version, Map<String, Object> vars, String actor,
                      Origin origin) {
        var plan = get(project, planName, version);
        var who = actor == null ? origin : origin.by(actor);
        var bound = VariableBinder.bind(plan.variables(), vars);
        var problems = new ArrayList<>(bound.problems());
        if (!problems.isEmpty()) throw new TemplateInvalidException(problems);
        var secretNames = plan.variables().stream().filter(v -> v.type() == JobVariable.Type.SECRET)
                .map(JobVariable::name).collect(Collectors.toSet());
        var steps = new ArrayList<StepSpec>();
        for (int i = 0; i < plan.steps().size(); i++) {
            try {
                steps.add(substitute(plan.steps().get(i), new Substitution(bound.values(), secretNames)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(null, "steps[" + i + "]", 0, "invalid-value", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) throw new TemplateInvalidException(problems);
        var masked = new LinkedHashMap<>(bound.values());
        secretNames.forEach(n -> masked.put(n, "******"));
        var targets = steps.stream().flatMap(s -> s instanceof StepSpec.Script x ? x.targets().stream()
                : s instanceof StepSpec.File f ? f.targets().stream() : java.util.stream.Stream.empty()).distinct().toList();
        var run = new RunStarter.NewRun(project, RunKind.PLAN, plan.name() + " v" + plan.version(), plan.name(), plan.version(),
                who, masked, bound.values(), targets, steps);
        var projectRules = rules.rulesFor(project); // one read for every script step
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof StepSpec.Script s)) continue;
            var content = s.content();
            var language = s.language();
            if (s.script() != null) {
                var v = library.version(project, s.script().name(), s.script().version());
                if (v.state() == ScriptVersionState.DISABLED) continue; // refused with a clear error when the step starts
                content = v.content();
                language = v.language();
            }
            var findings = projectRules.check(language, content);
            if (DangerousCommandRules.blocks(findings)) throw starter.blocked(run, "steps[" + i + "].content", findings);
        }
        for (int i = 0; i < steps.size(); i++) {
            var t = steps.get(i) instanceof StepSpec.Script s ? s.targets() : steps.get(i) instanceof StepSpec.File f ? f.targets() : null;
            if (t == null) continue;
            try {
                preparer.hosts(project, t);
            } catch (RuntimeException e) {
                problems.add(new Problem(null, "steps[" + i + "].targets", 0, "unresolved-targets", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) throw new TemplateInvalidException(problems);
        return starter.start(run);
    }

    /** @return the stored (and shown) form of a plan definition */
    public static Map<String, Object> definition(String description, List<JobVariable> variables, List<StepSpec> steps) {
        var m = new LinkedHashMap<String, Object>();
        m.put("description", description);
        m.put("variables", variables.stream().map(v -> {
            var x = new LinkedHashMap<String, Object>();
            x.put("name", v.name());
            x.put("type", v.type().name().toLowerCase());
            x.put("default", v.defaultValue());
            x.put("required", v.required());
            x.put("options", v.options());
            x.put("description", v.description());
            return x;
        }).toList());
        m.put("steps", steps.stream().map(s -> {
            var x = StepSpecs.toMap(s);
            x.remove("secretEnv");
            x.remove("maskValues");
            return x;
        }).toList());
        return m;
    }

    private void check(String project, int i, StepSpec step, List<Problem> problems, List<Finding> warnings) {
        var f = "steps[" + i + "]";
        switch (step) {
            case StepSpec.Script s -> {
                if (s.script() != null && s.script().name() != null && s.script().version() != null) {
                    try {
                        library.version(project, s.script().name(), s.script().version());
                    } catch (NoSuchElementException e) {
                        problems.add(new Problem(null, f + ".script", 0, "unknown-script", e.getMessage()));
                    }
                }
                if (s.content() != null && s.language() != null) {
                    try {
                        warnings.addAll(rules.check(project, s.language(), s.content(), f + ".content"));
                    } catch (DangerousCommandException e) {
                        problems.addAll(e.problems());
                    }
                }
            }
            case StepSpec.File x -> {
                for (int j = 0; j < x.sources().size(); j++) {
                    if (x.sources().get(j) instanceof FileSourceRef.Artifact a) {
                        try {
                            artifacts.get(project, a.id());
                        } catch (NoSuchElementException e) {
                            problems.add(new Problem(null, f + ".sources[" + j + "].artifact", 0, "unknown-artifact", e.getMessage()));
                        }
                    }
                }
            }
            case StepSpec.Confirm c -> {
            }
        }
    }

    private static StepSpec substitute(StepSpec step, Substitution sub) {
        return switch (step) {
            case StepSpec.Script s -> {
                var args = sub.applyAll(s.args());
                var env = new LinkedHashMap<String, String>();
                s.env().forEach((k, v) -> env.put(k, sub.apply(v)));
                var targets = sub.targets(s.targets());
                var account = sub.apply(s.account());
                yield new StepSpec.Script(s.name(), s.script(), s.language(), s.content(), args, env, Map.of(),
                        Set.copyOf(sub.usedSecrets()), targets, account, s.timeout(), s.concurrency(), s.rolling());
            }
            case StepSpec.File f -> new StepSpec.File(f.name(), f.sources().stream().map(src -> src instanceof FileSourceRef.Remote r
                    ? new FileSourceRef.Remote(sub.apply(r.host()), sub.apply(r.path()), sub.apply(r.account())) : src).toList(),
                    sub.apply(f.targetDir()), f.createTargetDir(), f.onDuplicate(), f.bandwidthBytesPerSecond(), f.timeout(),
                    sub.targets(f.targets()), sub.apply(f.account()), f.concurrency(), f.rolling());
            case StepSpec.Confirm c -> new StepSpec.Confirm(c.name(), sub.apply(c.message()));
        };
    }

    @SuppressWarnings("unchecked")
    private static JobPlan plan(ResultSet rs) throws SQLException {
        var def = Json.map(rs.getString("definition"));
        var variables = ((List<Map<String, Object>>) def.getOrDefault("variables", List.of())).stream().map(v ->
                new JobVariable((String) v.get("name"), JobVariable.Type.valueOf(((String) v.get("type")).toUpperCase()),
                        v.get("default"), Boolean.TRUE.equals(v.get("required")), (List<String>) v.get("options"),
                        (String) v.get("description"))).toList();
        var steps = ((List<Map<String, Object>>) def.getOrDefault("steps", List.of())).stream().map(s -> {
            var m = new LinkedHashMap<>(s);
            m.putIfAbsent("secretEnv", Map.of());
            m.putIfAbsent("maskValues", List.of());
            return StepSpecs.fromMap(m);
        }).toList();
        return new JobPlan(rs.getString("project"), rs.getString("name"), rs.getInt("version"), rs.getString("description"),
                variables, steps, Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"));
    }
}
