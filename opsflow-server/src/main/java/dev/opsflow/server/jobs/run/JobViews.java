package dev.opsflow.server.jobs.run;

import dev.opsflow.exec.DangerousCommandRules;
import dev.opsflow.exec.ResultGroup;
import dev.opsflow.jobs.library.DangerousRule;
import dev.opsflow.jobs.library.Script;
import dev.opsflow.jobs.library.ScriptVersion;
import dev.opsflow.jobs.run.Artifact;
import dev.opsflow.jobs.run.JobHost;
import dev.opsflow.jobs.run.JobPlan;
import dev.opsflow.jobs.run.JobPlanService;
import dev.opsflow.jobs.run.JobRun;
import dev.opsflow.jobs.run.RunSummary;
import dev.opsflow.jobs.run.StepSpecs;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON views of the job platform's records (maps, so the field order and names are explicit). */
final class JobViews {
    /** At most this many host names are listed per result group; {@code count} has the total. */
    static final int GROUP_HOSTS = 100;

    private JobViews() {
    }

    static Map<String, Object> script(Script s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", s.name());
        m.put("language", s.language().name().toLowerCase());
        m.put("description", s.description());
        m.put("latestVersion", s.latestVersion());
        m.put("onlineVersion", s.onlineVersion());
        m.put("createdAt", time(s.createdAt()));
        m.put("createdBy", s.createdBy());
        m.put("updatedAt", time(s.updatedAt()));
        return m;
    }

    static Map<String, Object> version(ScriptVersion v, boolean content) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", v.name());
        m.put("version", v.version());
        m.put("state", v.state().name());
        m.put("language", v.language().name().toLowerCase());
        if (content) m.put("content", v.content());
        m.put("remark", v.remark());
        m.put("createdAt", time(v.createdAt()));
        m.put("createdBy", v.createdBy());
        m.put("stateChangedAt", time(v.stateChangedAt()));
        m.put("stateChangedBy", v.stateChangedBy());
        return m;
    }

    static List<Map<String, Object>> findings(List<DangerousCommandRules.Finding> findings) {
        return findings.stream().map(f -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("rule", f.rule().id());
            m.put("action", f.rule().action().name());
            m.put("description", f.rule().description());
            m.put("line", f.line());
            m.put("text", f.text());
            return (Map<String, Object>) m;
        }).toList();
    }

    static Map<String, Object> rule(DangerousCommandRules.Rule r, String source) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", r.id());
        m.put("language", r.language() == null ? null : r.language().name().toLowerCase());
        m.put("pattern", r.pattern().pattern());
        m.put("action", r.action().name());
        m.put("description", r.description());
        m.put("source", source);
        return m;
    }

    static Map<String, Object> rule(DangerousRule r) {
        var m = rule(r.toRule(), "project");
        m.put("createdAt", time(r.createdAt()));
        m.put("createdBy", r.createdBy());
        return m;
    }

    static Map<String, Object> artifact(Artifact a) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("size", a.size());
        m.put("sha256", a.sha256());
        m.put("createdAt", time(a.createdAt()));
        m.put("createdBy", a.createdBy());
        return m;
    }

    static Map<String, Object> plan(JobPlan p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", p.name());
        m.put("version", p.version());
        m.putAll(JobPlanService.definition(p.description(), p.variables(), p.steps()));
        m.put("createdAt", time(p.createdAt()));
        m.put("createdBy", p.createdBy());
        return m;
    }

    static Map<String, Object> planSummary(JobPlan p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("description", p.description());
        m.put("steps", p.steps().size());
        m.put("createdAt", time(p.createdAt()));
        m.put("createdBy", p.createdBy());
        return m;
    }

    static Map<String, Object> run(JobRun r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", r.id());
        m.put("project", r.project());
        m.put("kind", r.kind().name().toLowerCase());
        m.put("name", r.name());
        m.put("plan", r.planName());
        m.put("planVersion", r.planVersion());
        m.put("state", r.state().name());
        m.put("startedBy", r.origin().actor());
        var origin = new LinkedHashMap<String, Object>();
        origin.put("kind", r.origin().kind().name().toLowerCase());
        origin.put("taskId", r.origin().taskId());
        origin.put("nodeId", r.origin().nodeId());
        m.put("origin", origin);
        m.put("createdAt", time(r.createdAt()));
        m.put("finishedAt", time(r.finishedAt()));
        m.put("targets", r.targets());
        m.put("error", r.error());
        m.put("currentStep", r.currentStep());
        return m;
    }

    static Map<String, Object> detail(RunSummary s) {
        var m = run(s.run());
        m.put("variables", s.run().variables());
        m.put("steps", s.steps().stream().map(st -> {
            var x = new LinkedHashMap<String, Object>();
            var step = st.step();
            x.put("index", step.index());
            x.put("kind", step.kind().name().toLowerCase());
            x.put("name", step.name());
            x.put("state", step.state().name());
            x.put("attempt", step.attempt());
            x.put("startedAt", time(step.startedAt()));
            x.put("finishedAt", time(step.finishedAt()));
            x.put("error", step.error());
            x.put("confirmedBy", step.confirmedBy());
            x.put("spec", StepSpecs.masked(step.spec()));
            var counts = new LinkedHashMap<String, Long>();
            st.counts().forEach((k, v) -> counts.put(k.name(), v));
            x.put("hostCounts", counts);
            x.put("groups", st.groups().stream().map(JobViews::group).toList());
            return x;
        }).toList());
        m.put("outputs", s.outputs());
        return m;
    }

    static Map<String, Object> group(ResultGroup g) {
        var m = new LinkedHashMap<String, Object>();
        m.put("state", g.state().name());
        m.put("exitCode", g.exitCode());
        m.put("count", g.hosts().size());
        m.put("hosts", g.hosts().size() > GROUP_HOSTS ? g.hosts().subList(0, GROUP_HOSTS) : g.hosts());
        m.put("sampleStdout", g.sampleStdout());
        m.put("sampleStderr", g.sampleStderr());
        m.put("error", g.error());
        return m;
    }

    static Map<String, Object> host(JobHost h) {
        var m = new LinkedHashMap<String, Object>();
        m.put("step", h.step());
        m.put("host", h.host());
        m.put("attempt", h.attempt());
        m.put("address", h.address());
        m.put("state", h.state().name());
        m.put("exitCode", h.exitCode());
        m.put("startedAt", time(h.startedAt()));
        m.put("finishedAt", time(h.finishedAt()));
        m.put("truncated", h.truncated());
        m.put("outputs", h.outputs());
        m.put("error", h.error());
        m.put("stdout", h.stdoutHead());
        m.put("stderr", h.stderrHead());
        return m;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
