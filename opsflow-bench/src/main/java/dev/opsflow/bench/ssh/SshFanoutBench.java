package dev.opsflow.bench.ssh;

import dev.opsflow.bench.BenchSupport;

import dev.opsflow.bench.ssh.Tools.Op;
import dev.opsflow.bench.ssh.Tools.Run;
import dev.opsflow.bench.ssh.Tools.Tool;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Job platform benchmark: Opsflow's {@code HostExecutor} against Ansible, parallel-ssh and a plain
 * {@code xargs -P N ssh} baseline, running {@code hostname; echo ok} on N simulated hosts and pushing a
 * file to them. Hosts are real sshd processes on loopback ({@link SimulatedHosts}). Prints Markdown
 * and rewrites the part of {@code docs/benchmarks.md} between the {@code bench:ssh} markers.
 *
 * <pre>java -cp opsflow-bench/target/opsflow-bench.jar dev.opsflow.bench.ssh.SshFanoutBench
 *      [--hosts 10,50,200] [--file-mib 10] [--repeats 3] [--tools opsflow,xargs,pssh,ansible]
 *      [--ops script,push] [--out docs/benchmarks.md] [--no-write] [--jfr DIR] [--cipher NAME]</pre>
 *
 * Needs root (sshd's privilege separation, {@code unshare}/{@code mount} for per-host namespaces),
 * OpenSSH, {@code /usr/bin/time}, {@code ansible} and {@code pssh} installed.
 */
public final class SshFanoutBench {
    static final String BEGIN = "<!-- bench:ssh:begin -->";
    static final String END = "<!-- bench:ssh:end -->";
    static final String SECTION = "## Job platform: SSH fan-out";

    private SshFanoutBench() {}

    public static void main(String[] argv) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int[] sizes = {10, 50, 200};
        // 30 warm-up rounds: Opsflow's client CPU at 10 hosts was 14 ms/host after 3 rounds and 7 after 40
        // (the JIT still compiling; a server is past that after its first minutes), parallel-ssh's 15 and 14
        int fileMib = 10, repeats = 3, warmups = 30;
        var cipher = SimulatedHosts.DEFAULT_CIPHER;
        var tools = List.of(Tool.values());
        var ops = List.of(Op.values());
        Path out = Path.of("docs/benchmarks.md"), jfr = null;
        boolean write = true, freshExecutor = false;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--hosts" -> sizes = Arrays.stream(argv[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--file-mib" -> fileMib = Integer.parseInt(argv[++i]);
                case "--repeats" -> repeats = Integer.parseInt(argv[++i]);
                case "--tools" -> tools = Arrays.stream(argv[++i].split(",")).map(s -> Tool.valueOf(s.toUpperCase(Locale.ROOT))).toList();
                case "--ops" -> ops = Arrays.stream(argv[++i].split(",")).map(s -> Op.valueOf(s.toUpperCase(Locale.ROOT))).toList();
                case "--out" -> out = Path.of(argv[++i]);
                case "--no-write" -> write = false;
                case "--jfr" -> jfr = Path.of(argv[++i]);
                case "--cipher" -> cipher = argv[++i];
                case "--fresh-executor" -> freshExecutor = true;
                case "--warmup" -> warmups = Integer.parseInt(argv[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: java -cp opsflow-bench.jar dev.opsflow.bench.ssh.SshFanoutBench [--hosts 10,50,200]"
                            + " [--file-mib 10] [--repeats 3] [--tools opsflow,xargs,pssh,ansible] [--ops script,push]"
                            + " [--out docs/benchmarks.md] [--no-write] [--jfr DIR] [--cipher chacha20-poly1305@openssh.com]"
                            + " [--fresh-executor] [--warmup 30]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + argv[i] + " (--help)");
            }
        }
        var args = String.join(" ", argv);
        int max = Arrays.stream(sizes).max().orElseThrow();
        var started = ZonedDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        var loads = new LinkedHashMap<String, String>();
        loads.put("start", BenchSupport.loadAverage());

        var filesBase = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        var work = Files.createTempDirectory("opsflow-ssh-bench-work");
        var runs = new ArrayList<Run>();
        System.out.printf("starting %d sshd instances...%n", max);
        try (var sims = SimulatedHosts.start(max, filesBase, cipher)) {
            // Ctrl-C / SIGTERM: stop the sshd instances and any running tool instead of orphaning them
            var cleanup = new Thread(() -> {
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                try {
                    sims.close();
                } catch (Exception ignored) {
                    // best effort on the way out
                }
            });
            Runtime.getRuntime().addShutdownHook(cleanup);
            SimulatedHosts.privateFile(sims.clientKey);
            var payload = filesBase.resolve(sims.filesRoot.getFileName() + "-payload.bin");
            writeRandom(payload, fileMib * 1024L * 1024L);
            var sha = sha256(payload);
            var limit = Duration.ofMinutes(5);
            var bench = new Tools(sims, work, payload, sha, limit);
            bench.jfrDir = jfr;
            bench.freshExecutor = freshExecutor;
            try {
                // warm-up, not recorded: JIT for Opsflow (a server's is warm after its first runs), page
                // cache for the Python tools, sshd binaries; the same rounds for every tool
                int w = Math.min(10, max);
                for (int round = 1; round <= warmups; round++) {
                    for (var op : ops) {
                        for (var tool : tools) {
                            var r = bench.run(tool, op, w, false);
                            System.out.printf("warm-up %d %-8s %-7s %3d hosts: %.2f s%s%n", round, tool, op, w,
                                    r.wallSeconds(), r.ok() ? "" : " FAILED: " + r.failure());
                        }
                    }
                }
                for (int n : sizes) {
                    for (var op : ops) {
                        for (int rep = 0; rep < repeats; rep++) {
                            for (var tool : tools) {
                                var r = bench.run(tool, op, n, rep == 0);
                                runs.add(r);
                                System.out.printf("%-8s %-7s %3d hosts #%d: wall %7.2f s, client CPU %7.2f s, sshd CPU %7.2f s%s%n",
                                        tool, op, n, rep + 1, r.wallSeconds(), r.clientCpuSeconds(), r.sshdCpuSeconds(),
                                        r.ok() ? "" : "  FAILED: " + r.failure());
                            }
                        }
                    }
                    loads.put("after N=" + n, BenchSupport.loadAverage());
                }
            } finally {
                bench.close();
                Files.deleteIfExists(payload);
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        } finally {
            SimulatedHosts.deleteTree(work);
        }
        loads.put("end", BenchSupport.loadAverage());
        double minutes = (System.nanoTime() - t0) / 60e9;
        var md = Report.markdown(runs, sizes, tools, ops, repeats, fileMib, cipher, started, minutes, loads, args);
        System.out.println();
        System.out.println(md);
        if (write) BenchSupport.writeBetweenMarkers(out, BEGIN, END, SECTION, md);
    }

    static void writeRandom(Path file, long bytes) throws Exception {
        var rnd = new Random(42);
        var buf = new byte[1024 * 1024];
        try (var o = Files.newOutputStream(file)) {
            for (long done = 0; done < bytes; done += buf.length) {
                rnd.nextBytes(buf);
                o.write(buf, 0, (int) Math.min(buf.length, bytes - done));
            }
        }
    }

    static String sha256(Path file) throws java.io.IOException {
        try (InputStream in = Files.newInputStream(file)) {
            var md = MessageDigest.getInstance("SHA-256");
            var buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String version(String... cmd) {
        try {
            var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            var text = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return text.lines().findFirst().orElse("?").strip();
        } catch (Exception e) {
            return "?";
        }
    }

    static Map<String, String> machine() {
        var m = new LinkedHashMap<String, String>();
        m.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("cpu", BenchSupport.cpuModel());
        m.put("kernel", version("uname", "-r"));
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("openssh", version("ssh", "-V"));
        m.put("ansible", version("ansible", "--version"));
        m.put("pssh", "parallel-ssh " + version("parallel-ssh", "--version"));
        return m;
    }
}
