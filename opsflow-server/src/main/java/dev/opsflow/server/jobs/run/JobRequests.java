package dev.opsflow.server.jobs.run;

import dev.opsflow.engine.template.Durations;
import dev.opsflow.exec.DuplicatePolicy;
import dev.opsflow.jobs.library.Languages;
import dev.opsflow.jobs.run.FileSourceRef;
import dev.opsflow.jobs.run.QuickFileRequest;
import dev.opsflow.jobs.run.QuickScriptRequest;
import dev.opsflow.jobs.run.ScriptRef;
import dev.opsflow.jobs.run.StepSpecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads request bodies into the job platform's requests; every error names its field (answered 400). */
final class JobRequests {
    private JobRequests() {
    }

    static QuickScriptRequest script(Map<String, Object> b) {
        var ref = map(b, "script");
        var language = string(b, "language");
        return new QuickScriptRequest(string(b, "name"), language == null ? null : Languages.parse("language", language),
                string(b, "content"),
                ref == null ? null : new ScriptRef(string(ref, "script.name"), integer(ref.get("version"), "script.version")),
                strings(b, "args"), stringMap(b, "env"), stringMap(b, "secrets"), duration(b, "timeout"), string(b, "account"),
                strings(b, "targets"), integer(b.get("concurrency"), "concurrency"), rolling(b));
    }

    static QuickFileRequest files(Map<String, Object> b) {
        var sources = new ArrayList<FileSourceRef>();
        if (b.get("sources") instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> s && s.get("artifact") instanceof String id) {
                    sources.add(new FileSourceRef.Artifact(id));
                } else if (list.get(i) instanceof Map<?, ?> s && s.get("host") instanceof String host && s.get("path") instanceof String path) {
                    sources.add(new FileSourceRef.Remote(host, path, s.get("account") instanceof String a ? a : null));
                } else {
                    throw new IllegalArgumentException("sources[" + i + "]: expected {\"artifact\": id} or {\"host\", \"path\", \"account\"}");
                }
            }
        } else if (b.get("sources") != null) {
            throw new IllegalArgumentException("sources: expected a list");
        }
        DuplicatePolicy onDuplicate = null;
        if (string(b, "onDuplicate") != null) {
            try {
                onDuplicate = DuplicatePolicy.valueOf(string(b, "onDuplicate").toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("onDuplicate: expected overwrite or per_source_host_subdir");
            }
        }
        var bandwidth = b.get("bandwidthBytesPerSecond") instanceof Number n ? n.longValue() : 0L;
        return new QuickFileRequest(string(b, "name"), sources, string(b, "targetDir"), Boolean.TRUE.equals(b.get("createTargetDir")),
                onDuplicate, bandwidth, duration(b, "timeout"), string(b, "account"), strings(b, "targets"),
                integer(b.get("concurrency"), "concurrency"), rolling(b));
    }

    static Duration duration(Map<String, Object> b, String field) {
        if (b.get(field) == null) return null;
        try {
            return Durations.parse(b.get(field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static dev.opsflow.exec.Rolling rolling(Map<String, Object> b) {
        var r = map(b, "rolling");
        try {
            return StepSpecs.rolling(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rolling: " + e.getMessage());
        }
    }

    static String string(Map<String, Object> b, String field) {
        var v = b == null ? null : b.get(field.contains(".") ? field.substring(field.lastIndexOf('.') + 1) : field);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException(field + ": expected a string");
    }

    static Integer integer(Object v, String field) {
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
        throw new IllegalArgumentException(field + ": expected an integer");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> b, String field) {
        var v = b == null ? null : b.get(field);
        if (v == null) return null;
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(field + ": expected a JSON object");
    }

    static List<String> strings(Map<String, Object> b, String field) {
        var v = b.get(field);
        if (v == null) return List.of();
        if (v instanceof String s) return List.of(s);
        if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String || x instanceof Number)) {
            return l.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException(field + ": expected a list of strings");
    }

    static Map<String, String> stringMap(Map<String, Object> b, String field) {
        var m = map(b, field);
        if (m == null) return Map.of();
        var out = new LinkedHashMap<String, String>();
        m.forEach((k, v) -> {
            if (v instanceof Map<?, ?> || v instanceof List<?>) throw new IllegalArgumentException(field + "." + k + ": expected a string");
            out.put(k, v == null ? "" : String.valueOf(v));
        });
        return out;
    }
}
