package dev.opsflow.server.jobs.run;

import dev.opsflow.exec.DuplicatePolicy;
import dev.opsflow.exec.Rolling;
import dev.opsflow.jobs.library.Languages;
import dev.opsflow.jobs.run.FileSourceRef;
import dev.opsflow.jobs.run.QuickFileRequest;
import dev.opsflow.jobs.run.QuickScriptRequest;
import dev.opsflow.jobs.run.ScriptRef;
import dev.opsflow.jobs.run.StepSpecs;
import dev.opsflow.server.api.InvalidFieldException;
import dev.opsflow.server.api.RequestBodies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the job platform's requests from request bodies. The fields are read by {@link RequestBodies}
 * (strict types, errors naming the field's path, answered 400); what is specific to jobs (file sources,
 * the duplicate policy, rolling batches) is read here.
 */
final class JobRequests {
    private JobRequests() {
    }

    /** {@code POST .../exec}: inline {@code language} + {@code content}, or a library {@code script: {name, version}}. */
    static QuickScriptRequest script(Map<String, Object> body) {
        var b = RequestBodies.of(body);
        var ref = b.object("script");
        var language = b.string("language");
        return new QuickScriptRequest(b.string("name"), language == null ? null : Languages.parse("language", language),
                b.string("content"), ref == null ? null : new ScriptRef(ref.string("name"), ref.integer("version")),
                b.strings("args"), b.stringMap("env"), b.stringMap("secrets"), b.duration("timeout"), b.string("account"),
                b.strings("targets"), b.integer("concurrency"), rolling(b));
    }

    /** {@code POST .../push}: {@code sources} (each {@code {artifact}} or {@code {host, path, account}}) to {@code targetDir}. */
    static QuickFileRequest files(Map<String, Object> body) {
        var b = RequestBodies.of(body);
        var sources = new ArrayList<FileSourceRef>();
        var list = b.objects("sources");
        for (var s : list == null ? List.<RequestBodies>of() : list) {
            if (s.has("artifact")) {
                sources.add(new FileSourceRef.Artifact(s.string("artifact")));
            } else if (s.has("host") && s.has("path")) {
                sources.add(new FileSourceRef.Remote(s.string("host"), s.string("path"), s.string("account")));
            } else {
                throw new InvalidFieldException(s.path(),
                        "expected {\"artifact\": id} or {\"host\", \"path\", \"account\"}");
            }
        }
        DuplicatePolicy onDuplicate = null;
        var duplicate = b.string("onDuplicate");
        if (duplicate != null) {
            try {
                onDuplicate = DuplicatePolicy.valueOf(duplicate.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw b.invalid("onDuplicate", "expected overwrite or per_source_host_subdir");
            }
        }
        var bandwidth = b.longInteger("bandwidthBytesPerSecond", 0, Long.MAX_VALUE);
        return new QuickFileRequest(b.string("name"), sources, b.string("targetDir"), b.bool("createTargetDir", false),
                onDuplicate, bandwidth == null ? 0L : bandwidth, b.duration("timeout"), b.string("account"), b.strings("targets"),
                b.integer("concurrency"), rolling(b));
    }

    /** {@code rolling: {batchSize, batchPercent, onFailure}}: the types checked here, the policy by {@link StepSpecs#rolling}. */
    private static Rolling rolling(RequestBodies b) {
        var r = b.object("rolling");
        if (r == null) return null;
        var checked = new LinkedHashMap<String, Object>();
        checked.put("batchSize", r.integer("batchSize", 0, Integer.MAX_VALUE));
        checked.put("batchPercent", r.integer("batchPercent", 0, 100));
        checked.put("onFailure", r.string("onFailure"));
        try {
            return StepSpecs.rolling(checked);
        } catch (IllegalArgumentException e) {
            throw b.invalid("rolling", e.getMessage());
        }
    }
}
