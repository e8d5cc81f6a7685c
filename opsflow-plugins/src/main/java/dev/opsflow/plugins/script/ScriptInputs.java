package dev.opsflow.plugins.script;

import dev.opsflow.plugins.support.InvalidInputException;
import dev.opsflow.plugins.support.Inputs;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code script} plugin's inputs, validated.
 *
 * @param language interpreter
 * @param content  the script text
 * @param args     positional arguments ($1.. / sys.argv[1:])
 * @param env      extra environment variables (values may be secrets: never echo them)
 * @param workdir  working directory; empty for a fresh temporary one
 * @param timeout  wall-clock limit; empty for none (the node's own timeout still applies)
 */
record ScriptInputs(ScriptLanguage language, String content, List<String> args, Map<String, String> env,
                    Optional<Path> workdir, Optional<Duration> timeout) {

    /** @throws InvalidInputException naming the first bad input */
    static ScriptInputs from(Map<String, Object> values) {
        var in = Inputs.of(values);
        var language = ScriptLanguage.of("language", in.string("language").orElse("bash"));
        var content = in.raw("content").orElseThrow(() -> new InvalidInputException("content", "is required"));
        if (!(content instanceof String text)) {
            throw new InvalidInputException("content", "expected the script text but got " + Inputs.describe(content));
        }
        var env = in.stringMap("env", true);
        env.keySet().forEach(k -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidInputException("env", "'" + k + "' is not a valid environment variable name");
            }
        });
        var timeout = in.duration("timeout");
        if (timeout.isPresent() && (timeout.get().isZero() || timeout.get().isNegative())) {
            throw new InvalidInputException("timeout", "must be positive");
        }
        return new ScriptInputs(language, text, in.stringList("args"), env, workdir(in), timeout);
    }

    private static Optional<Path> workdir(Inputs in) {
        return in.string("workdir").map(w -> {
            try {
                var dir = Path.of(w);
                if (!Files.isDirectory(dir)) throw new InvalidInputException("workdir", "'" + w + "' is not an existing directory");
                return dir;
            } catch (InvalidPathException e) {
                throw new InvalidInputException("workdir", "'" + w + "' is not a valid path");
            }
        });
    }
}
