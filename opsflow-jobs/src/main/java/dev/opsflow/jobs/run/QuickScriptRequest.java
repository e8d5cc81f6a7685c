package dev.opsflow.jobs.run;

import dev.opsflow.exec.Language;
import dev.opsflow.exec.Rolling;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A quick script execution: inline {@code content} in {@code language}, or a library {@code script}
 * (its version must be ONLINE; null version = the highest online one).
 *
 * @param name        run name shown in the history; null = derived from the script
 * @param args        positional parameters
 * @param env         environment variables
 * @param secrets     secret parameters: passed as environment variables, masked in every stored log and response
 * @param timeout     per-host limit; null = none
 * @param account     account name; null only when every target is {@code local}
 * @param targets     host names, {@code group:x}, selectors, {@code local}
 * @param concurrency hosts at once; null = the platform default
 * @param rolling     batches; null = all at once
 */
public record QuickScriptRequest(String name, Language language, String content, ScriptRef script, List<String> args,
                                 Map<String, String> env, Map<String, String> secrets, Duration timeout, String account,
                                 List<String> targets, Integer concurrency, Rolling rolling) {
    public QuickScriptRequest {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** An inline bash script on {@code targets}, as the server's own user when they are local. */
    public static QuickScriptRequest bash(String content, List<String> targets) {
        return new QuickScriptRequest(null, Language.BASH, content, null, List.of(), Map.of(), Map.of(), null, null, targets,
                null, null);
    }
}
