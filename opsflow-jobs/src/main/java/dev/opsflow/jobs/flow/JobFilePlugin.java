package dev.opsflow.jobs.flow;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.exec.DuplicatePolicy;
import dev.opsflow.jobs.run.FileSourceRef;
import dev.opsflow.jobs.run.JobService;
import dev.opsflow.jobs.run.QuickFileRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code job_file}: distributes {@code sources} (uploaded artifact ids, and/or files on source hosts
 * {@code {host, path, account}}) to {@code target_dir} on every target over SFTP, each file checked by
 * SHA-256, through the job platform's quick file distribution. Poll style, see {@link JobRunPlugin}.
 */
public final class JobFilePlugin extends JobRunPlugin {
    private static final PluginDescriptor DESCRIPTOR;

    static {
        var inputs = new ArrayList<FieldSpec>(targetInputs());
        inputs.addAll(List.of(
                FieldSpec.required("sources", FieldType.ANY,
                        "Artifact ids (a_...) and/or {host, path, account} maps; a list or one item"),
                FieldSpec.required("target_dir", FieldType.STRING, "Absolute directory on every target"),
                new FieldSpec("create_dir", FieldType.BOOL, false, false, "Create target_dir when missing", List.of()),
                new FieldSpec("on_duplicate", FieldType.SELECT, false, "per_source_host_subdir",
                        "Remote files of several source hosts: one subdirectory per source host, or overwrite",
                        List.of("per_source_host_subdir", "overwrite")),
                FieldSpec.optional("bandwidth", FieldType.INT, null, "Upload limit per target host in bytes per second; 0 = none")));
        inputs.addAll(OWNER_INPUTS);
        DESCRIPTOR = new PluginDescriptor("job_file", 1, "Distribute files to hosts",
                "Copies artifacts and files of other hosts to a directory on many hosts (SFTP, SHA-256 checked) and waits.",
                inputs, RUN_OUTPUTS, true);
    }

    public JobFilePlugin(JobService jobs, TaskLookup tasks) {
        super(jobs, tasks);
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    String start(PluginContext ctx, FlowInputs in, Owner owner, String runName) {
        var request = new QuickFileRequest(runName, sources(in), in.required("target_dir"), in.bool("create_dir", false),
                duplicate(in), in.longValue("bandwidth").orElse(0L), in.duration("timeout").orElse(null),
                in.string("account").orElse(null), JobScriptPlugin.targets(in), in.integer("concurrency").orElse(null),
                in.rolling("rolling"));
        return jobs.pushFiles(owner.project(), request, owner.origin());
    }

    static List<FileSourceRef> sources(FlowInputs in) {
        var raw = in.raw("sources");
        var items = raw instanceof List<?> l ? l : raw instanceof Map<?, ?> ? List.of(raw) : null;
        if (items == null) {
            items = in.list("sources");
        }
        if (items.isEmpty()) throw FlowInputs.invalid("sources", "at least one source is required");
        var out = new ArrayList<FileSourceRef>();
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            var field = "sources[" + i + "]";
            switch (item) {
                case String id when !id.isBlank() -> out.add(new FileSourceRef.Artifact(id.trim()));
                case Map<?, ?> m when m.get("artifact") instanceof String id -> out.add(new FileSourceRef.Artifact(id));
                case Map<?, ?> m when m.get("host") instanceof String host && m.get("path") instanceof String path ->
                        out.add(new FileSourceRef.Remote(host, path, m.get("account") instanceof String a && !a.isBlank() ? a : null));
                default -> throw FlowInputs.invalid(field, "expected an artifact id or {host, path, account} but got "
                        + FlowInputs.describe(item));
            }
        }
        return out;
    }

    private static DuplicatePolicy duplicate(FlowInputs in) {
        var v = in.string("on_duplicate").orElse("per_source_host_subdir").trim().toUpperCase();
        try {
            return DuplicatePolicy.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw FlowInputs.invalid("on_duplicate", "expected per_source_host_subdir or overwrite but got '"
                    + in.string("on_duplicate").orElse("") + "'");
        }
    }

    @Override
    String defaultName(FlowInputs in) {
        return "job_file to " + in.string("target_dir").orElse("?");
    }
}
