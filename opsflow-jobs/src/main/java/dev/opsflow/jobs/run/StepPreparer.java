package dev.opsflow.jobs.run;

import dev.opsflow.exec.Account;
import dev.opsflow.exec.FileSource;
import dev.opsflow.exec.FileSpec;
import dev.opsflow.exec.Host;
import dev.opsflow.exec.RunOptions;
import dev.opsflow.exec.ScriptSpec;
import dev.opsflow.jobs.library.DangerousRuleService;
import dev.opsflow.jobs.library.ScriptLibrary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Turns a stored {@link StepSpec} into what the {@link dev.opsflow.exec.HostExecutor} takes, when the
 * step starts: hosts from the inventory, the account, library script content (refusing a DISABLED
 * version), the dangerous-command check, and the run options.
 */
final class StepPreparer {
    private final ScriptLibrary library;
    private final DangerousRuleService rules;
    private final JobInventory inventory;
    private final ArtifactStore artifacts;
    private final JobSettings settings;

    StepPreparer(ScriptLibrary library, DangerousRuleService rules, JobInventory inventory, ArtifactStore artifacts,
                 JobSettings settings) {
        this.library = library;
        this.rules = rules;
        this.inventory = inventory;
        this.artifacts = artifacts;
        this.settings = settings;
    }

    /** What one attempt of a script or file step runs. Exactly one of script/files is set. */
    record Prepared(List<Host> hosts, Account account, ScriptSpec script, FileSpec files, RunOptions options) {
    }

    /**
     * @param only when non-null, run exactly these hosts (retrying failed hosts) instead of resolving targets
     * @throws RuntimeException with a message for the step's error when anything cannot be resolved
     */
    Prepared prepare(String project, StepSpec spec, List<Host> only) {
        return switch (spec) {
            case StepSpec.Script s -> {
                var hosts = only != null ? only : hosts(project, s.targets());
                var language = s.language();
                var content = s.content();
                if (s.script() != null) {
                    var v = library.forPlanStep(project, s.script().name(), s.script().version());
                    language = v.language();
                    content = v.content();
                }
                rules.check(project, language, content, "content");
                var env = new HashMap<>(s.env());
                env.putAll(s.secretEnv());
                var secrets = new LinkedHashSet<>(s.secretEnv().values());
                secrets.addAll(s.maskValues());
                secrets.removeIf(String::isEmpty);
                var script = new ScriptSpec(language, content, s.args(), env, secrets, s.timeout());
                yield new Prepared(hosts, account(project, s.account(), hosts), script, null,
                        options(project, s.concurrency(), s.rolling()));
            }
            case StepSpec.File f -> {
                var hosts = only != null ? only : hosts(project, f.targets());
                var account = account(project, f.account(), hosts);
                var sources = new ArrayList<FileSource>();
                for (var src : f.sources()) {
                    switch (src) {
                        case FileSourceRef.Artifact a -> sources.add(artifacts.source(project, a.id()));
                        case FileSourceRef.Remote r -> {
                            var from = inventory.resolve(project, List.of(r.host()));
                            if (from.size() != 1) {
                                throw new IllegalArgumentException("source host '" + r.host() + "' resolves to " + from.size()
                                        + " hosts; a file source needs exactly one");
                            }
                            var acc = r.account() == null ? account : account(project, r.account(), from);
                            sources.add(new FileSource.RemoteFiles(from.getFirst(), acc, r.path()));
                        }
                    }
                }
                var files = new FileSpec(sources, f.targetDir(), f.createTargetDir(), f.onDuplicate(),
                        f.bandwidthBytesPerSecond(), f.timeout());
                yield new Prepared(hosts, account, null, files, options(project, f.concurrency(), f.rolling()));
            }
            case StepSpec.Confirm c -> throw new IllegalStateException("a confirm step runs nothing on hosts");
        };
    }

    /** @throws IllegalArgumentException when the targets resolve to no host */
    List<Host> hosts(String project, List<String> targets) {
        if (targets.isEmpty()) throw new IllegalArgumentException("targets: at least one target is required");
        var hosts = inventory.resolve(project, targets);
        if (hosts.isEmpty()) throw new IllegalArgumentException("targets: " + targets + " resolve to no host");
        return hosts;
    }

    /** @return the named account, or the server's own user when no account is named and every host is local */
    Account account(String project, String name, List<Host> hosts) {
        if (name != null && !name.isBlank()) return inventory.account(project, name);
        if (hosts.stream().allMatch(Host::isLocal)) {
            return new Account("local", System.getProperty("user.name", "opsflow"), null, null);
        }
        throw new IllegalArgumentException("account: required when a target is not 'local'");
    }

    private RunOptions options(String project, Integer concurrency, dev.opsflow.exec.Rolling rolling) {
        return RunOptions.defaults()
                .withConcurrency(concurrency == null ? settings.concurrency() : concurrency)
                .withOutputCapBytes(settings.logCapBytes())
                .withRolling(rolling)
                .withHostKeyPolicy(inventory.hostKeyPolicy(project));
    }
}
