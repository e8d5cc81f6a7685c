package dev.opsflow.plugins.script;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.FieldType;
import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.engine.template.Durations;
import dev.opsflow.plugins.support.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code script}: runs an inline bash, sh or python3 script on the server host (sync style).
 *
 * <ul>
 *   <li>The content is written to a private temporary file and run as {@code <interpreter> file args...}
 *       in its own process group (see {@link ProcessGroup}); stdin is empty.</li>
 *   <li>Environment: only {@code PATH, HOME, USER, LOGNAME, SHELL, LANG, LC_ALL, LC_CTYPE, TZ, TMPDIR}
 *       are inherited from the server (its other variables may hold server secrets), plus
 *       {@code OPSFLOW_TASK_ID, OPSFLOW_NODE_ID, OPSFLOW_ATTEMPT} and the {@code env} input.</li>
 *   <li>stdout and stderr are streamed line by line to the node log while the script runs.</li>
 *   <li>Outputs: {@code exit_code} (int, always), {@code stdout_tail} (last 20 lines, at most 4 KiB),
 *       plus every {@code ##opsflow:output key=value} marker (see {@link ScriptOutputs}).</li>
 *   <li>Fails with {@code "exit code N"}, {@code "timed out after 5s; process group killed"},
 *       {@code "cancelled: <reason>; process group killed"}, a marker error, or an input error naming
 *       the input. Cancellation and timeout kill the whole group: SIGTERM, then SIGKILL after 2s.</li>
 *   <li>Background children still holding stdout open after the script exits are not waited for
 *       beyond 2s (and not killed); their later output is not captured.</li>
 * </ul>
 * Re-attaching after a server restart is not supported: the attempt fails as "interrupted".
 */
public final class ScriptPlugin implements Plugin {
    static final Duration KILL_GRACE = Duration.ofSeconds(2);
    static final Duration DRAIN_WAIT = Duration.ofSeconds(2);
    private static final List<String> INHERITED_ENV =
            List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");

    private enum Ending { EXITED, TIMED_OUT, CANCELLED }

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("script", 1, "Run script",
            "Runs an inline bash, sh or python3 script on the server host, streams its output to the node log "
                    + "and publishes '##opsflow:output key=value' stdout lines as outputs.",
            List.of(new FieldSpec("language", FieldType.SELECT, false, "bash", "Interpreter", ScriptLanguage.codes()),
                    FieldSpec.required("content", FieldType.TEXT, "Inline script"),
                    FieldSpec.optional("args", FieldType.LIST, List.of(), "Positional arguments (strings)"),
                    FieldSpec.optional("env", FieldType.MAP, Map.of(), "Extra environment variables, name -> string value"),
                    FieldSpec.optional("workdir", FieldType.STRING, null,
                            "Working directory; default: a fresh temporary directory deleted afterwards"),
                    FieldSpec.optional("timeout", FieldType.DURATION, null,
                            "Kill the script's process group after this long (30s, 5m); default: no limit")),
            List.of(FieldSpec.required("exit_code", FieldType.INT, "Exit code (128+signal when killed)"),
                    FieldSpec.required("stdout_tail", FieldType.TEXT, "Last 20 lines of stdout, at most 4 KiB")),
            true);

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PluginResult execute(PluginContext ctx) throws IOException, InterruptedException {
        ScriptInputs in;
        try {
            in = ScriptInputs.from(ctx.inputs());
        } catch (InvalidInputException e) {
            return PluginResult.failed(e.getMessage());
        }
        if (ctx.cancellation().isCancelled()) return PluginResult.failed(cancelledReason(ctx) + "; script not started");
        var root = Files.createTempDirectory("opsflow-script-");
        try {
            var script = Files.writeString(root.resolve("script" + in.language().suffix()), in.content());
            var workdir = in.workdir().isPresent() ? in.workdir().get() : Files.createDirectory(root.resolve("work"));
            return run(ctx, in, processBuilder(ctx, in, script, workdir));
        } finally {
            TempFiles.deleteTree(root);
        }
    }

    private static ProcessBuilder processBuilder(PluginContext ctx, ScriptInputs in, Path script, Path workdir) {
        var command = new ArrayList<String>();
        command.add(in.language().interpreter());
        command.add(script.toString());
        command.addAll(in.args());
        var builder = new ProcessBuilder(ProcessGroup.command(command)).directory(workdir.toFile());
        var env = builder.environment();
        env.clear();
        INHERITED_ENV.forEach(name -> {
            var value = System.getenv(name);
            if (value != null) env.put(name, value);
        });
        env.put("OPSFLOW_TASK_ID", String.valueOf(ctx.taskId()));
        env.put("OPSFLOW_NODE_ID", String.valueOf(ctx.nodeId()));
        env.put("OPSFLOW_ATTEMPT", Integer.toString(ctx.attempt()));
        env.putAll(in.env());
        return builder;
    }

    private static PluginResult run(PluginContext ctx, ScriptInputs in, ProcessBuilder builder)
            throws IOException, InterruptedException {
        var outputs = new ScriptOutputs();
        var attemptOpen = new AtomicBoolean(true);
        var log = ctx.log();
        var group = ProcessGroup.start(builder);
        var process = group.process();
        process.getOutputStream().close();
        log.info("started " + in.language().code() + " script, pid " + process.pid());
        var pumps = List.of(
                LinePump.start("script-stdout-" + process.pid(), process.getInputStream(), line -> {
                    if (attemptOpen.get()) log.stdout(line);
                    outputs.accept(line);
                }),
                LinePump.start("script-stderr-" + process.pid(), process.getErrorStream(), line -> {
                    if (attemptOpen.get()) log.stderr(line);
                }));
        Ending ending;
        try {
            ending = await(ctx, in, process);
            if (ending != Ending.EXITED) group.terminate(KILL_GRACE);
        } catch (InterruptedException e) {
            group.terminate(KILL_GRACE);
            throw e;
        }
        if (!drain(pumps)) {
            log.info("background processes still hold stdout/stderr open; their further output is not captured");
        }
        attemptOpen.set(false);
        return result(ctx, in, process.waitFor(), ending, outputs);
    }

    private static Ending await(PluginContext ctx, ScriptInputs in, Process process) throws InterruptedException {
        var cancelled = new CompletableFuture<Void>();
        ctx.cancellation().onCancel(() -> cancelled.complete(null));
        var either = CompletableFuture.anyOf(process.onExit(), cancelled);
        try {
            if (in.timeout().isPresent()) either.get(in.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
            else either.get();
        } catch (TimeoutException e) {
            return Ending.TIMED_OUT;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for the script failed", e.getCause());
        }
        return cancelled.isDone() && process.isAlive() ? Ending.CANCELLED : Ending.EXITED;
    }

    private static boolean drain(List<Thread> pumps) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        for (var pump : pumps) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !pump.join(Duration.ofNanos(left))) return false;
        }
        return true;
    }

    private static String cancelledReason(PluginContext ctx) {
        var reason = ctx.cancellation().reason();
        return "cancelled: " + (reason == null ? "no reason given" : reason);
    }

    private static PluginResult result(PluginContext ctx, ScriptInputs in, int exitCode, Ending ending, ScriptOutputs collected) {
        var outputs = collected.outputs();
        outputs.put("exit_code", exitCode);
        outputs.put("stdout_tail", collected.tail());
        return switch (ending) {
            case TIMED_OUT -> new PluginResult.Failed(
                    "timed out after " + Durations.format(in.timeout().orElseThrow()) + "; process group killed", outputs);
            case CANCELLED -> new PluginResult.Failed(cancelledReason(ctx) + "; process group killed", outputs);
            case EXITED -> exitCode != 0
                    ? new PluginResult.Failed("exit code " + exitCode, outputs)
                    : collected.error().<PluginResult>map(e -> new PluginResult.Failed(e, outputs))
                            .orElseGet(() -> new PluginResult.Succeeded(outputs));
        };
    }
}
