package dev.opsflow.jobs.run;

import dev.opsflow.exec.DuplicatePolicy;
import dev.opsflow.exec.Language;
import dev.opsflow.exec.Rolling;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One step of a run with every variable already substituted: what the run executes and what its
 * history shows (through {@link StepSpecs#masked}). Stored encrypted, because it holds secret values.
 */
public sealed interface StepSpec {
    String name();

    StepKind kind();

    /**
     * @param script     library script; when set, {@code content} is loaded when the step starts (so a
     *                   version disabled in the meantime is refused)
     * @param content    inline text; null when {@code script} is set
     * @param secretEnv  secret parameters, passed as environment variables and masked everywhere
     * @param maskValues other values to mask (secret job variables substituted into args/env/targets)
     * @param account    account name; null = a local account, allowed only when every target is local
     * @param concurrency hosts in flight; null = the platform default
     */
    record Script(String name, ScriptRef script, Language language, String content, List<String> args,
                  Map<String, String> env, Map<String, String> secretEnv, Set<String> maskValues, List<String> targets,
                  String account, Duration timeout, Integer concurrency, Rolling rolling) implements StepSpec {
        public Script {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? Map.of() : Map.copyOf(env);
            secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
            maskValues = maskValues == null ? Set.of() : Set.copyOf(maskValues);
            targets = targets == null ? List.of() : List.copyOf(targets);
        }

        @Override
        public StepKind kind() {
            return StepKind.SCRIPT;
        }
    }

    /** A file distribution to {@code targetDir} on every target. */
    record File(String name, List<FileSourceRef> sources, String targetDir, boolean createTargetDir,
                DuplicatePolicy onDuplicate, long bandwidthBytesPerSecond, Duration timeout, List<String> targets,
                String account, Integer concurrency, Rolling rolling) implements StepSpec {
        public File {
            sources = sources == null ? List.of() : List.copyOf(sources);
            targets = targets == null ? List.of() : List.copyOf(targets);
        }

        @Override
        public StepKind kind() {
            return StepKind.FILE;
        }
    }

    /** Waits until a person confirms; {@code message} tells them what they confirm. */
    record Confirm(String name, String message) implements StepSpec {
        @Override
        public StepKind kind() {
            return StepKind.CONFIRM;
        }
    }
}
