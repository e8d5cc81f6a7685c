package dev.opsflow.plugins.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A script process started as the leader of its own session and process group, so that everything
 * it spawns, including background children whose parent already exited, can be killed together.
 *
 * <p>How: the command is prefixed with {@code setsid}. A child spawned by the JVM is not a group
 * leader, so {@code setsid} calls setsid(2) in place and execs the interpreter: the process's pid is
 * also its process-group id. {@link #terminate} sends SIGTERM to the group ({@code kill -TERM -PGID}),
 * waits up to a grace period for the leader, then sends SIGKILL to the group. Descendants seen at
 * terminate time are also killed directly, which covers hosts without {@code setsid} and children
 * that left the group (e.g. by calling setsid themselves).
 */
final class ProcessGroup {
    private static final List<String> SETSID = findSetsid();

    private final Process process;

    private ProcessGroup(Process process) {
        this.process = process;
    }

    /** @return the command prefixed with setsid when the host has it */
    static List<String> command(List<String> command) {
        var all = new ArrayList<>(SETSID);
        all.addAll(command);
        return all;
    }

    /** Starts {@code builder} (whose command came from {@link #command}). */
    static ProcessGroup start(ProcessBuilder builder) throws IOException {
        return new ProcessGroup(builder.start());
    }

    /** @return the process (group leader) */
    Process process() {
        return process;
    }

    /**
     * Kills the whole group: SIGTERM, up to {@code grace} for the leader to exit, then SIGKILL.
     * Blocks for at most about {@code grace} plus the time to run {@code kill} twice. Idempotent.
     */
    void terminate(Duration grace) throws InterruptedException {
        var descendants = process.descendants().toList();
        signalGroup("TERM");
        process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        signalGroup("KILL");
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private void signalGroup(String signal) throws InterruptedException {
        if (SETSID.isEmpty()) {
            if ("TERM".equals(signal)) process.destroy();
            return;
        }
        try {
            // "No such process" when the group is already gone is fine: nothing left to kill
            var kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) kill.destroyForcibly();
        } catch (IOException e) {
            process.destroyForcibly();
        }
    }

    private static List<String> findSetsid() {
        for (var dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            var candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) return List.of(candidate.toString());
        }
        return List.of();
    }
}
