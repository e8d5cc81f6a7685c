package dev.opsflow.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A script to run on every target host.
 *
 * @param language interpreter to use
 * @param content  the script text (sent to the host as data, never interpolated into a command line)
 * @param args     positional arguments ({@code $1..$n}, {@code sys.argv[1:]}); passed quoted, never
 *                 interpreted by a shell
 * @param env      environment variables; names must match {@code [A-Za-z_][A-Za-z0-9_]*} and not start
 *                 with {@code _OPSFLOW} (the wrapper's own); values are passed quoted, on stdin
 * @param secrets  values replaced by {@code ******} in every output line, result and error
 * @param timeout  wall-clock limit per host from the script's start; on expiry the host's whole
 *                 process group is killed and the host ends TIMED_OUT. Null or zero = no limit
 */
public record ScriptSpec(Language language, String content, List<String> args, Map<String, String> env,
                         Set<String> secrets, Duration timeout) {
    public ScriptSpec {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(content, "content");
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? Set.of() : Set.copyOf(secrets);
        for (var name : env.keySet()) {
            envNameProblem(name).ifPresent(p -> {
                throw new IllegalArgumentException("environment variable '" + name + "': " + p);
            });
        }
    }

    /**
     * The one rule for environment variable names, for every reader of them (quick runs, plans, this
     * record): {@code [A-Za-z_][A-Za-z0-9_]*}, and not starting with {@code _OPSFLOW} (any case), the
     * script wrapper's own.
     *
     * @return why {@code name} cannot be used, or empty when it can
     */
    public static java.util.Optional<String> envNameProblem(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return java.util.Optional.of("names match [A-Za-z_][A-Za-z0-9_]*");
        }
        if (name.toUpperCase(java.util.Locale.ROOT).startsWith("_OPSFLOW")) {
            return java.util.Optional.of("the prefix _OPSFLOW is reserved for the script wrapper");
        }
        return java.util.Optional.empty();
    }

    /** A bash script without args, env or secrets, with the given timeout. */
    public static ScriptSpec bash(String content, Duration timeout) {
        return new ScriptSpec(Language.BASH, content, List.of(), Map.of(), Set.of(), timeout);
    }
}
