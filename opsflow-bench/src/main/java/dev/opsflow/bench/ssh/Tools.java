package dev.opsflow.bench.ssh;

import dev.opsflow.exec.DuplicatePolicy;
import dev.opsflow.exec.FileSource;
import dev.opsflow.exec.FileSpec;
import dev.opsflow.exec.HostExecutor;
import dev.opsflow.exec.HostResult;
import dev.opsflow.exec.HostState;
import dev.opsflow.exec.KnownHosts;
import dev.opsflow.exec.RunOptions;
import dev.opsflow.exec.ScriptSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The four contenders and how one run of each is started, timed, measured and verified.
 *
 * <p>Client CPU: child tools run under {@code /usr/bin/time -f '%e %U %S'}, whose user+sys is the
 * rusage of every descendant it waited for (xargs → ssh, ansible → workers → ssh, pssh → ssh).
 * Opsflow runs in this JVM: {@code getProcessCpuTime()} delta, which includes the JVM's other threads
 * (JIT, GC) during the run. sshd side: {@link SimulatedHosts#sshdCpuSeconds()} before and after (after
 * all per-connection processes exited).
 */
final class Tools {
    static final String SCRIPT = "hostname; echo ok";
    static final String FILE_NAME = "payload.bin";

    enum Tool {
        OPSFLOW("Opsflow HostExecutor"), XARGS("xargs -P N ssh/scp"), PSSH("parallel-ssh / parallel-scp"), ANSIBLE("Ansible");

        final String label;

        Tool(String label) {
            this.label = label;
        }
    }

    enum Op { SCRIPT, PUSH }

    /** One measured run. {@code failure} is null when every host succeeded and was verified. */
    record Run(Tool tool, Op op, int hosts, double wallSeconds, double clientCpuSeconds, double sshdCpuSeconds,
               String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    /**
     * One executor for the whole benchmark, as a server holds one for its lifetime (MINA client and its
     * NIO pool started once; sessions are still opened per run and host, never reused across runs).
     * With {@code freshExecutor} every run creates and closes its own, charging that start-up (≈ 150 ms
     * of JVM CPU) to the run.
     */
    /** One executor for the whole benchmark, as a server holds one (null with {@code --fresh-executor}). */
    private HostExecutor shared;
    boolean freshExecutor;

    private final SimulatedHosts sims;
    private final Path work;
    private final Path payload;
    private final String payloadSha256;
    private final Duration limit;
    private final Path knownHosts;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** When set, Opsflow runs are recorded with JFR into this directory (one file per op and N, first repeat). */
    Path jfrDir;

    Tools(SimulatedHosts sims, Path work, Path payload, String payloadSha256, Duration limit) throws IOException {
        this.sims = sims;
        this.work = work;
        this.payload = payload;
        this.payloadSha256 = payloadSha256;
        this.limit = limit;
        this.knownHosts = work.resolve("known_hosts");
        Files.writeString(work.resolve("ansible.cfg"), "[defaults]\n");
    }

    Run run(Tool tool, Op op, int n, boolean profile) throws Exception {
        if (!sims.awaitQuiet(Duration.ofSeconds(30))) System.err.println("warning: sshd connections still alive before a run");
        Files.deleteIfExists(knownHosts);
        if (op == Op.PUSH) sims.clearFiles();
        double sshd0 = sims.sshdCpuSeconds();
        // last before the timed part: the harness's own garbage (reading /proc for every sshd above, the
        // previous tool's output) is collected here instead of in the next tool's window, for every tool
        System.gc();
        var outcome = tool == Tool.OPSFLOW ? opsflow(op, n, profile) : child(command(tool, op, n), env(tool), tool == Tool.XARGS ? ports(n) : null);
        boolean quiet = sims.awaitQuiet(Duration.ofSeconds(30));
        double sshd1 = sims.sshdCpuSeconds();
        var failure = outcome.failure;
        if (failure == null) failure = op == Op.SCRIPT ? verifyScript(outcome.output, n) : verifyPush(n);
        if (failure == null && !quiet) failure = "sshd connection processes still alive 30 s after the run";
        return new Run(tool, op, n, outcome.wall, outcome.cpu, sshd1 - sshd0, failure);
    }

    private record Outcome(double wall, double cpu, String output, String failure) {}

    /** Closes the shared executor, if one was started. */
    void close() {
        if (shared != null) shared.close();
    }

    // ---------------------------------------------------------------- Opsflow

    private Outcome opsflow(Op op, int n, boolean profile) throws Exception {
        var targets = sims.first(n).stream().map(SimulatedHosts.Sim::host).toList();
        var account = sims.account();
        var options = RunOptions.defaults().withConcurrency(n).withConnectTimeout(Duration.ofSeconds(60));
        jdk.jfr.Recording recording = null;
        if (profile && jfrDir != null) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
        }
        // before the timed part: the shared executor's start-up belongs to no run (with --warmup 0 the
        // first timed run used to pay it)
        if (!freshExecutor && shared == null) shared = new HostExecutor(KnownHosts.inMemory(), Clock.systemUTC());
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<HostResult> results;
        double wall;
        var executor = freshExecutor ? new HostExecutor(KnownHosts.inMemory(), Clock.systemUTC()) : shared;
        try {
            var execution = op == Op.SCRIPT
                    ? executor.runScript(targets, account, ScriptSpec.bash(SCRIPT, limit), options, null)
                    : executor.pushFiles(targets, account, new FileSpec(
                            List.of(new FileSource.Uploaded(FILE_NAME, payload, Files.size(payload), payloadSha256)),
                            sims.targetDir.toString(), false, DuplicatePolicy.OVERWRITE, 0, limit), options, null);
            try {
                results = execution.done().get(limit.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                execution.terminate("benchmark limit");
                return new Outcome(0, 0, "", "did not finish within " + limit.toSeconds() + " s");
            }
            wall = (System.nanoTime() - t0) / 1e9;
        } finally {
            if (freshExecutor) executor.close();
        }
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        if (recording != null) {
            recording.stop();
            Files.createDirectories(jfrDir);
            recording.dump(jfrDir.resolve("opsflow-" + op.name().toLowerCase() + "-" + n + ".jfr"));
            recording.close();
        }
        var out = new StringBuilder();
        var bad = new ArrayList<String>();
        for (var r : results) {
            out.append(r.stdout());
            if (r.state() != HostState.SUCCEEDED) bad.add(r.host() + " " + r.state() + ": " + r.error());
        }
        return new Outcome(wall, cpu, out.toString(),
                bad.isEmpty() ? null : bad.size() + "/" + n + " hosts not SUCCEEDED, e.g. " + bad.getFirst());
    }

    // ---------------------------------------------------------------- command-line tools

    /** OpenSSH client options shared by ssh, scp, parallel-ssh/scp and Ansible. */
    private List<String> sshOptions() {
        return List.of(
                "KexAlgorithms=" + SimulatedHosts.KEX,
                "Ciphers=" + sims.cipher,
                "HostKeyAlgorithms=" + SimulatedHosts.HOST_KEY_ALG,
                "StrictHostKeyChecking=no",
                "UserKnownHostsFile=" + knownHosts,
                "IdentityFile=" + sims.clientKey,
                "IdentitiesOnly=yes",
                "BatchMode=yes",
                "ControlMaster=no",
                "ControlPath=none",
                "ConnectTimeout=60",
                "LogLevel=ERROR");
    }

    private List<String> dashO() {
        var out = new ArrayList<String>();
        for (var o : sshOptions()) {
            out.add("-o");
            out.add(o);
        }
        return out;
    }

    List<String> command(Tool tool, Op op, int n) throws IOException {
        var cmd = new ArrayList<String>();
        var target = sims.targetDir + "/" + FILE_NAME;
        switch (tool) {
            case XARGS -> {
                cmd.addAll(List.of("xargs", "-P", String.valueOf(n), "-I{}"));
                if (op == Op.SCRIPT) {
                    cmd.addAll(List.of("ssh", "-F", "/dev/null"));
                    cmd.addAll(dashO());
                    cmd.addAll(List.of("-p", "{}", SimulatedHosts.USER + "@" + SimulatedHosts.ADDRESS, SCRIPT));
                } else {
                    cmd.addAll(List.of("scp", "-F", "/dev/null"));
                    cmd.addAll(dashO());
                    cmd.addAll(List.of("-P", "{}", payload.toString(), SimulatedHosts.USER + "@" + SimulatedHosts.ADDRESS + ":" + target));
                }
            }
            case PSSH -> {
                cmd.addAll(List.of(op == Op.SCRIPT ? "parallel-ssh" : "parallel-scp", "-h", psshHosts(n).toString(),
                        "-p", String.valueOf(n), "-t", "0", "-l", SimulatedHosts.USER));
                for (var o : sshOptions()) cmd.addAll(List.of("-O", o));
                if (op == Op.SCRIPT) cmd.addAll(List.of("-i", SCRIPT));
                else cmd.addAll(List.of(payload.toString(), target));
            }
            case ANSIBLE -> {
                cmd.addAll(List.of("ansible", "all", "-i", inventory(n).toString(), "-f", String.valueOf(n)));
                if (op == Op.SCRIPT) cmd.addAll(List.of("-m", "shell", "-a", SCRIPT));
                else cmd.addAll(List.of("-m", "copy", "-a", "src=" + payload + " dest=" + target));
            }
            case OPSFLOW -> throw new IllegalArgumentException("in-process");
        }
        return cmd;
    }

    Map<String, String> env(Tool tool) {
        var env = new HashMap<String, String>();
        if (tool == Tool.ANSIBLE) {
            env.put("ANSIBLE_CONFIG", work.resolve("ansible.cfg").toString());
            env.put("ANSIBLE_HOST_KEY_CHECKING", "False");
            // replaces the default "-C -o ControlMaster=auto -o ControlPersist=60s": no compression, no multiplexing
            env.put("ANSIBLE_SSH_ARGS", "-o ControlMaster=no -o ControlPersist=no");
            env.put("ANSIBLE_PIPELINING", "True"); // one ssh connection per host for a shell module run
            env.put("ANSIBLE_TIMEOUT", "60");
            env.put("ANSIBLE_SSH_RETRIES", "0");
            env.put("ANSIBLE_NOCOLOR", "1");
            env.put("ANSIBLE_DEPRECATION_WARNINGS", "False");
            env.put("ANSIBLE_LOCAL_TEMP", work.resolve("ansible-local").toString());
        }
        return env;
    }

    private Path ports(int n) throws IOException {
        var f = work.resolve("ports_" + n);
        if (!Files.exists(f)) {
            var sb = new StringBuilder();
            for (var s : sims.first(n)) sb.append(s.port()).append('\n');
            Files.writeString(f, sb);
        }
        return f;
    }

    private Path psshHosts(int n) throws IOException {
        var f = work.resolve("pssh_hosts_" + n);
        if (!Files.exists(f)) {
            var sb = new StringBuilder();
            for (var s : sims.first(n)) sb.append(SimulatedHosts.ADDRESS).append(':').append(s.port()).append('\n');
            Files.writeString(f, sb);
        }
        return f;
    }

    private Path inventory(int n) throws IOException {
        var f = work.resolve("inventory_" + n + ".ini");
        if (!Files.exists(f)) {
            var sb = new StringBuilder("[sim]\n");
            for (var s : sims.first(n)) {
                sb.append(s.name()).append(" ansible_host=").append(SimulatedHosts.ADDRESS)
                        .append(" ansible_port=").append(s.port()).append('\n');
            }
            sb.append("\n[all:vars]\nansible_user=").append(SimulatedHosts.USER)
                    .append("\nansible_ssh_private_key_file=").append(sims.clientKey)
                    .append("\nansible_python_interpreter=/usr/bin/python3")
                    .append("\nansible_ssh_common_args='").append(String.join(" ", dashO())).append("'\n");
            Files.writeString(f, sb);
        }
        return f;
    }

    private Outcome child(List<String> command, Map<String, String> env, Path stdin) throws Exception {
        var timeFile = work.resolve("time.out");
        var outFile = work.resolve("tool.out");
        var errFile = work.resolve("tool.err");
        Files.deleteIfExists(timeFile);
        var cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", timeFile.toString()));
        cmd.addAll(command);
        var pb = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).directory(work.toFile());
        pb.environment().putAll(env);
        if (stdin != null) pb.redirectInput(stdin.toFile());
        else pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long t0 = System.nanoTime();
        var p = pb.start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            return new Outcome(0, 0, "", "did not finish within " + limit.toSeconds() + " s");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        var out = Files.readString(outFile);
        var err = Files.readString(errFile);
        var times = Files.exists(timeFile) ? Files.readAllLines(timeFile) : List.<String>of();
        double cpu = 0;
        for (var line : times) {
            var f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].matches("[0-9.]+")) cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
        }
        if (p.exitValue() != 0) {
            var why = (err + "\n" + out).strip();
            return new Outcome(wall, cpu, out, "exit code " + p.exitValue() + ": " + abbreviate(why));
        }
        return new Outcome(wall, cpu, out, null);
    }

    // ---------------------------------------------------------------- verification

    /** Every host printed its own hostname and "ok": exactly N "ok" lines and the N expected names. */
    private String verifyScript(String output, int n) {
        long oks = output.lines().map(String::strip).filter("ok"::equals).count();
        var names = new TreeSet<String>();
        output.lines().map(String::strip).filter(l -> l.matches("sim-host-\\d+")).forEach(names::add);
        var expected = new TreeSet<String>();
        sims.first(n).forEach(s -> expected.add(s.hostname()));
        if (oks != n) return "expected " + n + " 'ok' lines, got " + oks;
        if (!names.equals(expected)) return "hostnames seen " + names.size() + ", expected " + n;
        return null;
    }

    /** Every host's own target directory holds the file with the right SHA-256. */
    private String verifyPush(int n) throws IOException {
        int bad = 0;
        String first = null;
        for (var s : sims.first(n)) {
            var f = s.files().resolve(FILE_NAME);
            var sha = Files.isRegularFile(f) ? SshFanoutBench.sha256(f) : "missing";
            if (!payloadSha256.equals(sha)) {
                bad++;
                if (first == null) first = s.name() + ": " + sha;
            }
        }
        return bad == 0 ? null : bad + "/" + n + " hosts without the right file, e.g. " + first;
    }

    static String abbreviate(String s) {
        s = s.replaceAll("\\s+", " ");
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
