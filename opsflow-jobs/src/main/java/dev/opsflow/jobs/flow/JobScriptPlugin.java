package dev.opsflow.jobs.flow;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.jobs.library.Languages;
import dev.opsflow.jobs.run.JobService;
import dev.opsflow.jobs.run.QuickScriptRequest;
import dev.opsflow.jobs.run.ScriptRef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code job_script}: runs an inline script ({@code language} + {@code content}) or a library script
 * ({@code script} + {@code script_version}, an ONLINE version) on the {@code targets} as
 * {@code account}, through the job platform's quick script execution. Poll style, see
 * {@link JobRunPlugin}; outputs see {@link RunOutcome}.
 */
public final class JobScriptPlugin extends JobRunPlugin {
    private static final PluginDescriptor DESCRIPTOR;

    static {
        var inputs = new ArrayList<FieldSpec>(targetInputs());
        inputs.addAll(List.of(
                new FieldSpec("language", FieldType.SELECT, false, "bash", "Interpreter on the host",
                        List.of("bash", "sh", "python3", "perl")),
                FieldSpec.optional("content", FieldType.TEXT, null, "Inline script (or give script)"),
                FieldSpec.optional("script", FieldType.STRING, null, "Library script name (instead of content)"),
                FieldSpec.optional("script_version", FieldType.INT, null, "Library version; the highest ONLINE one when absent"),
                FieldSpec.optional("args", FieldType.LIST, null, "Positional arguments"),
                FieldSpec.optional("env", FieldType.MAP, null, "Environment variables"),
                FieldSpec.optional("secret_env", FieldType.MAP, null,
                        "Secret environment variables: masked as ****** in every stored log, result and output")));
        inputs.addAll(OWNER_INPUTS);
        DESCRIPTOR = new PluginDescriptor("job_script", 1, "Run a script on hosts",
                "Runs a script on many hosts over SSH (or locally) through the job platform and waits for the run.",
                inputs, RUN_OUTPUTS, true);
    }

    public JobScriptPlugin(JobService jobs, TaskLookup tasks) {
        super(jobs, tasks);
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    String start(PluginContext ctx, FlowInputs in, Owner owner, String runName) {
        var content = in.string("content").orElse(null);
        var script = in.string("script").orElse(null);
        if ((content == null) == (script == null)) {
            throw FlowInputs.invalid("content", "give either content (with language) or script (with script_version)");
        }
        var language = content == null ? null : Languages.parse("input 'language'", in.string("language").orElse("bash"));
        var ref = script == null ? null : new ScriptRef(script, in.integer("script_version").orElse(null));
        var targets = targets(in);
        var request = new QuickScriptRequest(runName, language, content, ref, in.args("args"), in.stringMap("env", true),
                in.stringMap("secret_env", true), in.duration("timeout").orElse(null), in.string("account").orElse(null),
                targets, in.integer("concurrency").orElse(null), in.rolling("rolling"));
        return jobs.runScript(owner.project(), request, owner.origin());
    }

    /**
     * A list, or a string: a string that reads as a label selector ({@code =}, {@code !}, {@code (},
     * {@code  in }) is one target, since its commas mean "and"; any other string is split on commas.
     */
    static List<String> targets(FlowInputs in) {
        var raw = in.raw("targets");
        var targets = raw instanceof String s && isSelector(s) ? List.of(s.trim()) : in.list("targets");
        if (targets.isEmpty()) throw FlowInputs.invalid("targets", "at least one target is required");
        return targets;
    }

    private static boolean isSelector(String s) {
        return s.contains("=") || s.contains("!") || s.contains("(") || s.contains(" in ") || s.contains(" notin ")
                || s.trim().startsWith("selector:");
    }

    @Override
    String defaultName(FlowInputs in) {
        return in.string("script").map(s -> "script " + s).orElse("job_script");
    }
}
