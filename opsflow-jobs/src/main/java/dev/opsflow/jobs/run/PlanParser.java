package dev.opsflow.jobs.run;

import dev.opsflow.engine.template.Durations;
import dev.opsflow.engine.template.Problem;
import dev.opsflow.exec.DuplicatePolicy;
import dev.opsflow.exec.Language;
import dev.opsflow.exec.Rolling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a job plan from its JSON form and reports every structural problem with the step index and
 * field ({@code steps[2].targets}, {@code variables[0].options}): kinds, required fields, types,
 * durations, rolling options, variable declarations and {@code ${name}} references to undeclared
 * variables. Pure: library scripts, artifacts and dangerous commands are checked by
 * {@link JobPlanService}.
 */
public final class PlanParser {
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,199}";
    private static final String VAR = "[A-Za-z_][A-Za-z0-9_]*";

    /** The parsed plan (null parts where invalid) and every problem. */
    public record Parsed(String description, List<JobVariable> variables, List<StepSpec> steps, List<Problem> problems) {
    }

    private final List<Problem> problems = new ArrayList<>();

    private PlanParser() {
    }

    public static Parsed parse(Map<String, Object> body) {
        return new PlanParser().read(body == null ? Map.of() : body);
    }

    /** @return a problem for plan names outside 1-200 characters of A-Z, a-z, 0-9, '_', '.', '-' */
    public static Problem checkName(String name) {
        return name != null && name.matches(NAME) ? null
                : new Problem(null, "name", 0, "invalid-name", "1-200 characters of A-Z, a-z, 0-9, '_', '.', '-' (got '" + name + "')");
    }

    private Parsed read(Map<String, Object> body) {
        var description = string(body, "description", "description");
        var variables = variables(body.get("variables"));
        var declared = new HashSet<String>();
        variables.forEach(v -> declared.add(v.name()));
        var steps = new ArrayList<StepSpec>();
        var raw = body.get("steps");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            add("steps", "required", "a plan needs at least one step");
        } else {
            for (int i = 0; i < list.size(); i++) {
                var f = "steps[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    add(f, "invalid-type", "expected an object");
                    continue;
                }
                @SuppressWarnings("unchecked") var step = step(f, i, (Map<String, Object>) m);
                if (step != null) {
                    references(f, step, declared);
                    steps.add(step);
                }
            }
        }
        return new Parsed(description, variables, steps, List.copyOf(problems));
    }

    private List<JobVariable> variables(Object raw) {
        var out = new ArrayList<JobVariable>();
        if (raw == null) return out;
        if (!(raw instanceof List<?> list)) {
            add("variables", "invalid-type", "expected a list of variables");
            return out;
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < list.size(); i++) {
            var f = "variables[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> mm)) {
                add(f, "invalid-type", "expected an object");
                continue;
            }
            @SuppressWarnings("unchecked") var m = (Map<String, Object>) mm;
            var name = string(m, "name", f + ".name");
            if (name == null || !name.matches(VAR)) {
                add(f + ".name", "invalid-name", "a variable name matches " + VAR + " (got '" + name + "')");
                continue;
            }
            if (!seen.add(name)) add(f + ".name", "duplicate", "variable '" + name + "' is declared twice");
            var typeName = m.get("type") == null ? "string" : m.get("type").toString();
            JobVariable.Type type;
            try {
                type = JobVariable.Type.valueOf(typeName.toUpperCase());
            } catch (IllegalArgumentException e) {
                add(f + ".type", "invalid-type", "expected string, secret, hosts, int or select but got '" + typeName + "'");
                continue;
            }
            var options = strings(m.get("options"), f + ".options");
            if (type == JobVariable.Type.SELECT && options.isEmpty()) add(f + ".options", "required", "a select variable needs options");
            var dflt = m.get("default");
            if (type == JobVariable.Type.SECRET && dflt != null) {
                add(f + ".default", "secret-default", "a secret variable cannot have a default (it would be stored in clear)");
                dflt = null;
            }
            var v = new JobVariable(name, type, dflt, Boolean.TRUE.equals(m.get("required")), options, string(m, "description", f + ".description"));
            if (dflt != null) {
                try {
                    VariableBinder.convert(v, dflt);
                } catch (IllegalArgumentException e) {
                    add(f + ".default", "invalid-value", e.getMessage());
                }
            }
            out.add(v);
        }
        return out;
    }

    private StepSpec step(String f, int index, Map<String, Object> m) {
        var kindName = string(m, "kind", f + ".kind");
        var kind = StepKind.parseOrNull(kindName);
        if (kind == null) {
            add(f + ".kind", "invalid-kind", "expected script, file or confirm but got '" + kindName + "'");
            return null;
        }
        var name = string(m, "name", f + ".name");
        if (name == null || name.isBlank()) name = kind.name().toLowerCase() + " " + (index + 1);
        if (kind == StepKind.CONFIRM) {
            var message = string(m, "message", f + ".message");
            if (message == null || message.isBlank()) add(f + ".message", "required", "a confirm step needs a message");
            return new StepSpec.Confirm(name, message);
        }
        var targets = strings(m.get("targets"), f + ".targets");
        if (targets.isEmpty()) add(f + ".targets", "required", "at least one target is required");
        var account = string(m, "account", f + ".account");
        var timeout = duration(m.get("timeout"), f + ".timeout");
        var concurrency = integer(m.get("concurrency"), f + ".concurrency");
        if (concurrency != null && concurrency < 1) add(f + ".concurrency", "invalid-value", "must be > 0");
        var rolling = rolling(m.get("rolling"), f + ".rolling");
        if (kind == StepKind.SCRIPT) return script(f, name, m, targets, account, timeout, concurrency, rolling);
        return file(f, name, m, targets, account, timeout, concurrency, rolling);
    }

    private StepSpec script(String f, String name, Map<String, Object> m, List<String> targets, String account,
                            Duration timeout, Integer concurrency, Rolling rolling) {
        ScriptRef ref = null;
        if (m.get("script") instanceof Map<?, ?> s) {
            var sname = s.get("name") instanceof String n ? n : null;
            var version = integer(s.get("version"), f + ".script.version");
            if (sname == null) add(f + ".script.name", "required", "the library script's name is required");
            if (version == null) add(f + ".script.version", "required", "a plan step pins a script version");
            ref = new ScriptRef(sname, version);
        } else if (m.get("script") != null) {
            add(f + ".script", "invalid-type", "expected {\"name\": ..., \"version\": N}");
        }
        var content = string(m, "content", f + ".content");
        Language language = null;
        if (ref != null && content != null) add(f + ".content", "conflict", "give either script or content, not both");
        if (ref == null && (content == null || content.isBlank())) {
            add(f + ".content", "required", "inline content or a library script is required");
        }
        if (ref == null) {
            var lang = string(m, "language", f + ".language");
            try {
                language = lang == null ? null : Language.valueOf(lang.toUpperCase());
            } catch (IllegalArgumentException e) {
                add(f + ".language", "invalid-value", "expected bash, sh, python3 or perl but got '" + lang + "'");
            }
            if (lang == null) add(f + ".language", "required", "inline content needs a language");
        }
        var env = new LinkedHashMap<String, String>();
        if (m.get("env") instanceof Map<?, ?> e) {
            e.forEach((k, v) -> {
                dev.opsflow.exec.ScriptSpec.envNameProblem(String.valueOf(k))
                        .ifPresent(p -> add(f + ".env." + k, "invalid-name", p));
                // as for args: YAML's unquoted numbers and booleans are their text; a list or object is refused
                if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
                    env.put(String.valueOf(k), v == null ? "" : String.valueOf(v));
                } else {
                    add(f + ".env." + k, "invalid-type", "expected a string but got " + typeName(v));
                }
            });
        } else if (m.get("env") != null) {
            add(f + ".env", "invalid-type", "expected an object of name: value");
        }
        return new StepSpec.Script(name, ref, language, content, strings(m.get("args"), f + ".args"), env, Map.of(), Set.of(),
                targets, account, timeout, concurrency, rolling);
    }

    private StepSpec file(String f, String name, Map<String, Object> m, List<String> targets, String account,
                          Duration timeout, Integer concurrency, Rolling rolling) {
        var sources = new ArrayList<FileSourceRef>();
        if (!(m.get("sources") instanceof List<?> list) || list.isEmpty()) {
            add(f + ".sources", "required", "at least one source is required");
        } else {
            for (int i = 0; i < list.size(); i++) {
                var sf = f + ".sources[" + i + "]";
                if (list.get(i) instanceof Map<?, ?> s && s.get("artifact") instanceof String id) {
                    sources.add(new FileSourceRef.Artifact(id));
                } else if (list.get(i) instanceof Map<?, ?> s && s.get("host") instanceof String host
                        && s.get("path") instanceof String path) {
                    if (!path.startsWith("/") && !path.startsWith("${")) add(sf + ".path", "invalid-value", "an absolute path is required");
                    sources.add(new FileSourceRef.Remote(host, path, s.get("account") instanceof String a ? a : null));
                } else {
                    add(sf, "invalid-value", "expected {\"artifact\": id} or {\"host\": ..., \"path\": ..., \"account\": ...}");
                }
            }
        }
        var targetDir = string(m, "targetDir", f + ".targetDir");
        if (targetDir == null || !(targetDir.startsWith("/") || targetDir.startsWith("${"))) {
            add(f + ".targetDir", "required", "an absolute target directory is required");
        }
        DuplicatePolicy onDuplicate = null;
        if (m.get("onDuplicate") != null) {
            try {
                onDuplicate = DuplicatePolicy.valueOf(m.get("onDuplicate").toString().toUpperCase());
            } catch (IllegalArgumentException e) {
                add(f + ".onDuplicate", "invalid-value", "expected overwrite or per_source_host_subdir");
            }
        }
        long bandwidth = 0;
        var rawBandwidth = m.get("bandwidthBytesPerSecond");
        var whole = WholeNumbers.toLong(rawBandwidth);
        if (whole.isPresent()) {
            bandwidth = whole.get();
            if (bandwidth < 0) add(f + ".bandwidthBytesPerSecond", "invalid-value", "must be >= 0");
        } else if (rawBandwidth != null) {
            add(f + ".bandwidthBytesPerSecond", "invalid-type", "expected a whole number of bytes per second");
        }
        var create = m.get("createTargetDir");
        if (create != null && !(create instanceof Boolean)) {
            add(f + ".createTargetDir", "invalid-type", "expected true or false");
        }
        return new StepSpec.File(name, sources, targetDir, Boolean.TRUE.equals(create), onDuplicate,
                bandwidth, timeout, targets, account, concurrency, rolling);
    }

    private void references(String f, StepSpec step, Set<String> declared) {
        var texts = new LinkedHashMap<String, String>();
        switch (step) {
            case StepSpec.Script s -> {
                for (int i = 0; i < s.args().size(); i++) texts.put(f + ".args[" + i + "]", s.args().get(i));
                s.env().forEach((k, v) -> texts.put(f + ".env." + k, v));
                for (int i = 0; i < s.targets().size(); i++) texts.put(f + ".targets[" + i + "]", s.targets().get(i));
                texts.put(f + ".account", s.account());
            }
            case StepSpec.File x -> {
                for (int i = 0; i < x.targets().size(); i++) texts.put(f + ".targets[" + i + "]", x.targets().get(i));
                texts.put(f + ".targetDir", x.targetDir());
                texts.put(f + ".account", x.account());
                for (int i = 0; i < x.sources().size(); i++) {
                    if (x.sources().get(i) instanceof FileSourceRef.Remote r) {
                        texts.put(f + ".sources[" + i + "].host", r.host());
                        texts.put(f + ".sources[" + i + "].path", r.path());
                    }
                }
            }
            case StepSpec.Confirm c -> texts.put(f + ".message", c.message());
        }
        texts.forEach((field, text) -> {
            for (var ref : Substitution.references(text)) {
                if (!declared.contains(ref)) add(field, "unknown-variable", "'${" + ref + "}' refers to no declared variable");
            }
        });
    }

    private Rolling rolling(Object raw, String f) {
        if (raw == null) return null;
        if (!(raw instanceof Map<?, ?> m)) {
            add(f, "invalid-type", "expected {\"batchSize\": N | \"batchPercent\": P, \"onFailure\": pause|stop|continue}");
            return null;
        }
        try {
            @SuppressWarnings("unchecked") var r = StepSpecs.rolling((Map<String, Object>) m);
            return r;
        } catch (IllegalArgumentException e) {
            add(f, "invalid-value", e.getMessage());
            return null;
        }
    }

    private Duration duration(Object raw, String f) {
        if (raw == null) return null;
        try {
            return Durations.parse(raw);
        } catch (IllegalArgumentException e) {
            add(f, "invalid-duration", e.getMessage());
            return null;
        }
    }

    private Integer integer(Object raw, String f) {
        if (raw == null) return null;
        var whole = WholeNumbers.toInt(raw);
        // a string is not echoed: plan bodies may carry secrets in the wrong field
        if (whole.isEmpty()) add(f, "invalid-type", "expected an integer but got " + (raw instanceof Number ? raw : typeName(raw)));
        return whole.orElse(null);
    }

    /**
     * A list of strings; numbers and booleans are taken as their text (YAML writes {@code [--port, 8080]}
     * unquoted), a bare string or a nested list or object is refused, naming the element.
     */
    private List<String> strings(Object raw, String f) {
        if (raw == null) return List.of();
        if (!(raw instanceof List<?> l)) {
            add(f, "invalid-type", "expected a list of strings but got " + typeName(raw));
            return List.of();
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < l.size(); i++) {
            var x = l.get(i);
            if (x == null || x instanceof String || x instanceof Number || x instanceof Boolean) {
                out.add(x == null ? "" : String.valueOf(x));
            } else {
                add(f + "[" + i + "]", "invalid-type", "expected a string but got " + typeName(x));
            }
        }
        return out;
    }

    private static String typeName(Object v) {
        return WholeNumbers.typeName(v);
    }

    private String string(Map<String, Object> m, String key, String f) {
        var v = m.get(key);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        add(f, "invalid-type", "expected a string");
        return null;
    }

    private void add(String field, String code, String message) {
        problems.add(new Problem(null, field, 0, code, message));
    }
}
