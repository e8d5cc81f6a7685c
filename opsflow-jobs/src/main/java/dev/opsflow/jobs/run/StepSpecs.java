package dev.opsflow.jobs.run;

import dev.opsflow.engine.template.Durations;
import dev.opsflow.exec.DuplicatePolicy;
import dev.opsflow.exec.Language;
import dev.opsflow.exec.OnBatchFailure;
import dev.opsflow.exec.Rolling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON form of {@link StepSpec}: stored (clear, then encrypted as a whole) and shown (masked). */
public final class StepSpecs {
    private StepSpecs() {
    }

    /** @return the full map, secrets in clear text */
    public static Map<String, Object> toMap(StepSpec spec) {
        var m = new LinkedHashMap<String, Object>();
        m.put("kind", spec.kind().name().toLowerCase());
        m.put("name", spec.name());
        switch (spec) {
            case StepSpec.Script s -> {
                if (s.script() != null) m.put("script", scriptRef(s.script()));
                if (s.language() != null) m.put("language", s.language().name().toLowerCase());
                if (s.content() != null) m.put("content", s.content());
                m.put("args", s.args());
                m.put("env", s.env());
                m.put("secretEnv", s.secretEnv());
                m.put("maskValues", List.copyOf(s.maskValues()));
                common(m, s.targets(), s.account(), s.timeout(), s.concurrency(), s.rolling());
            }
            case StepSpec.File f -> {
                m.put("sources", f.sources().stream().map(StepSpecs::source).toList());
                m.put("targetDir", f.targetDir());
                m.put("createTargetDir", f.createTargetDir());
                m.put("onDuplicate", f.onDuplicate() == null ? null : f.onDuplicate().name());
                m.put("bandwidthBytesPerSecond", f.bandwidthBytesPerSecond());
                common(m, f.targets(), f.account(), f.timeout(), f.concurrency(), f.rolling());
            }
            case StepSpec.Confirm c -> m.put("message", c.message());
        }
        return m;
    }

    /** @return the map for responses: secret parameter values and every masked value replaced by ****** */
    public static Map<String, Object> masked(StepSpec spec) {
        var m = toMap(spec);
        if (spec instanceof StepSpec.Script s) {
            var masker = masker(s);
            m.put("args", s.args().stream().map(masker::mask).toList());
            var env = new LinkedHashMap<String, String>();
            s.env().forEach((k, v) -> env.put(k, masker.mask(v)));
            m.put("env", env);
            var secret = new LinkedHashMap<String, String>();
            s.secretEnv().keySet().forEach(k -> secret.put(k, Masker.MASK));
            m.put("secretEnv", secret);
            m.remove("maskValues");
            m.put("targets", s.targets().stream().map(masker::mask).toList());
            if (s.content() != null) m.put("content", masker.mask(s.content()));
        }
        return m;
    }

    /** @return the values masked in a script step's output */
    public static Masker masker(StepSpec spec) {
        if (!(spec instanceof StepSpec.Script s)) return new Masker(Set.of());
        var all = new LinkedHashSet<>(s.secretEnv().values());
        all.addAll(s.maskValues());
        return new Masker(all);
    }

    @SuppressWarnings("unchecked")
    public static StepSpec fromMap(Map<String, Object> m) {
        var name = (String) m.get("name");
        var kind = StepKind.valueOf(((String) m.get("kind")).toUpperCase());
        var targets = (List<String>) m.get("targets");
        var account = (String) m.get("account");
        var timeout = m.get("timeout") == null ? null : Durations.parse(m.get("timeout"));
        var concurrency = (Integer) m.get("concurrency");
        var rolling = rolling((Map<String, Object>) m.get("rolling"));
        return switch (kind) {
            case SCRIPT -> {
                var ref = (Map<String, Object>) m.get("script");
                yield new StepSpec.Script(name, ref == null ? null : new ScriptRef((String) ref.get("name"), (Integer) ref.get("version")),
                        m.get("language") == null ? null : Language.valueOf(((String) m.get("language")).toUpperCase()),
                        (String) m.get("content"), (List<String>) m.get("args"), (Map<String, String>) m.get("env"),
                        (Map<String, String>) m.get("secretEnv"), new LinkedHashSet<>((List<String>) m.get("maskValues")),
                        targets, account, timeout, concurrency, rolling);
            }
            case FILE -> {
                var sources = new ArrayList<FileSourceRef>();
                for (var s : (List<Map<String, Object>>) m.get("sources")) {
                    sources.add(s.get("artifact") != null ? new FileSourceRef.Artifact((String) s.get("artifact"))
                            : new FileSourceRef.Remote((String) s.get("host"), (String) s.get("path"), (String) s.get("account")));
                }
                yield new StepSpec.File(name, sources, (String) m.get("targetDir"), Boolean.TRUE.equals(m.get("createTargetDir")),
                        m.get("onDuplicate") == null ? null : DuplicatePolicy.valueOf((String) m.get("onDuplicate")),
                        ((Number) m.getOrDefault("bandwidthBytesPerSecond", 0)).longValue(), timeout, targets, account,
                        concurrency, rolling);
            }
            case CONFIRM -> new StepSpec.Confirm(name, (String) m.get("message"));
        };
    }

    /** @return a rolling policy from {@code {"batchSize": 2, "batchPercent": 0, "onFailure": "pause"}}; null for null */
    public static Rolling rolling(Map<String, Object> m) {
        if (m == null) return null;
        var size = wholeNumber(m.get("batchSize"), "batchSize");
        var percent = wholeNumber(m.get("batchPercent"), "batchPercent");
        if (m.get("onFailure") != null && !(m.get("onFailure") instanceof String)) {
            throw new IllegalArgumentException("onFailure: expected pause, stop or continue");
        }
        var on = m.get("onFailure") == null ? "PAUSE" : m.get("onFailure").toString().toUpperCase();
        try {
            return new Rolling(size, percent, OnBatchFailure.valueOf(on));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("No enum")
                    ? "onFailure: expected pause, stop or continue but got '" + m.get("onFailure") + "'" : e.getMessage());
        }
    }

    /** @return 0 for absent; the value when it is a whole number in int range; else IllegalArgumentException naming the field */
    private static int wholeNumber(Object raw, String field) {
        if (raw == null) return 0;
        return WholeNumbers.toInt(raw).orElseThrow(() -> new IllegalArgumentException(field + ": expected a whole number but got "
                + (raw instanceof Number ? raw : WholeNumbers.typeName(raw))));
    }

    private static void common(Map<String, Object> m, List<String> targets, String account, Duration timeout,
                               Integer concurrency, Rolling rolling) {
        m.put("targets", targets);
        m.put("account", account);
        m.put("timeout", timeout == null ? null : timeout.toMillis() / 1000.0);
        m.put("concurrency", concurrency);
        if (rolling != null) {
            var r = new LinkedHashMap<String, Object>();
            r.put("batchSize", rolling.batchSize());
            r.put("batchPercent", rolling.batchPercent());
            r.put("onFailure", rolling.onFailure().name());
            m.put("rolling", r);
        }
    }

    private static Map<String, Object> scriptRef(ScriptRef ref) {
        var r = new LinkedHashMap<String, Object>();
        r.put("name", ref.name());
        r.put("version", ref.version());
        return r;
    }

    private static Map<String, Object> source(FileSourceRef s) {
        var m = new LinkedHashMap<String, Object>();
        switch (s) {
            case FileSourceRef.Artifact a -> m.put("artifact", a.id());
            case FileSourceRef.Remote r -> {
                m.put("host", r.host());
                m.put("path", r.path());
                m.put("account", r.account());
            }
        }
        return m;
    }
}
