package dev.opsflow.jobs.run;

import dev.opsflow.exec.ScriptSpec;

import dev.opsflow.exec.DangerousCommandRules;
import dev.opsflow.jobs.library.DangerousRuleService;
import dev.opsflow.jobs.library.ScriptLibrary;
import java.util.List;
import java.util.Map;

/**
 * Quick script execution and quick file distribution: one-step runs. The dangerous-command check
 * runs before anything reaches a host; a refused script is recorded as a BLOCKED run.
 */
public final class QuickRunService {
    private final ScriptLibrary library;
    private final DangerousRuleService rules;
    private final StepPreparer preparer;
    private final ArtifactStore artifacts;
    private final RunStarter starter;

    QuickRunService(ScriptLibrary library, DangerousRuleService rules, StepPreparer preparer, ArtifactStore artifacts,
                    RunStarter starter) {
        this.library = library;
        this.rules = rules;
        this.preparer = preparer;
        this.artifacts = artifacts;
        this.starter = starter;
    }

    /** A started run and the WARN findings of its script. */
    public record Started(String runId, List<DangerousCommandRules.Finding> warnings) {
    }

    /**
     * @throws IllegalArgumentException for an invalid request (field named in the message)
     * @throws dev.opsflow.jobs.library.DangerousCommandException when a BLOCK rule matched (run recorded BLOCKED)
     * @throws dev.opsflow.engine.task.StateConflictException when the library version is not ONLINE
     */
    public Started runScript(String project, QuickScriptRequest req, Origin origin) {
        var hasContent = req.content() != null && !req.content().isBlank();
        if (hasContent == (req.script() != null)) {
            throw new IllegalArgumentException("content: give either inline content (with language) or script {name, version}");
        }
        for (var e : List.of(Map.entry("env", req.env()), Map.entry("secrets", req.secrets()))) {
            for (var name : e.getValue().keySet()) {
                var problem = ScriptSpec.envNameProblem(name);
                if (problem.isPresent()) throw new IllegalArgumentException(e.getKey() + "." + name + ": " + problem.get());
            }
        }
        var language = req.language();
        var content = req.content();
        var ref = req.script();
        if (ref != null) {
            var v = library.forQuickRun(project, ref.name(), ref.version());
            language = v.language();
            content = v.content();
            ref = new ScriptRef(v.name(), v.version());
        } else if (language == null) {
            throw new IllegalArgumentException("language: required for inline content (bash, sh, python3 or perl)");
        }
        var name = req.name() != null && !req.name().isBlank() ? req.name()
                : ref != null ? "script " + ref.name() + "@" + ref.version() : "quick script: " + firstLine(content);
        var step = new StepSpec.Script(name, ref, language, ref == null ? content : null, req.args(), req.env(), req.secrets(),
                null, req.targets(), req.account(), req.timeout(), req.concurrency(), req.rolling());
        var run = new RunStarter.NewRun(project, RunKind.SCRIPT, name, null, null, origin, Map.of(), Map.of(),
                req.targets(), List.of(step));
        var findings = rules.rulesFor(project).check(language, content);
        if (DangerousCommandRules.blocks(findings)) throw starter.blocked(run, "content", findings);
        preparer.account(project, req.account(), preparer.hosts(project, req.targets()));
        return new Started(starter.start(run), findings);
    }

    /** @throws IllegalArgumentException for an invalid request (field named in the message) */
    public String pushFiles(String project, QuickFileRequest req, Origin origin) {
        if (req.sources().isEmpty()) throw new IllegalArgumentException("sources: at least one source is required");
        if (req.targetDir() == null || !req.targetDir().startsWith("/")) {
            throw new IllegalArgumentException("targetDir: an absolute directory is required");
        }
        for (int i = 0; i < req.sources().size(); i++) {
            switch (req.sources().get(i)) {
                case FileSourceRef.Artifact a -> artifacts.get(project, a.id());
                case FileSourceRef.Remote r -> {
                    if (r.host() == null || r.path() == null || !r.path().startsWith("/")) {
                        throw new IllegalArgumentException("sources[" + i + "]: host and an absolute path are required");
                    }
                }
            }
        }
        preparer.account(project, req.account(), preparer.hosts(project, req.targets()));
        var name = req.name() != null && !req.name().isBlank() ? req.name() : "push files to " + req.targetDir();
        var step = new StepSpec.File(name, req.sources(), req.targetDir(), req.createTargetDir(), req.onDuplicate(),
                req.bandwidthBytesPerSecond(), req.timeout(), req.targets(), req.account(), req.concurrency(), req.rolling());
        return starter.start(new RunStarter.NewRun(project, RunKind.FILE, name, null, null, origin, Map.of(), Map.of(),
                req.targets(), List.of(step)));
    }

    private static String firstLine(String content) {
        var line = content.strip().lines().filter(l -> !l.startsWith("#!")).findFirst().orElse("").strip();
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}
