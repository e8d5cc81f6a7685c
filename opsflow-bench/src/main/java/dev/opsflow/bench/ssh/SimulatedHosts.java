package dev.opsflow.bench.ssh;

import dev.opsflow.exec.Account;
import dev.opsflow.exec.Credential;
import dev.opsflow.exec.Host;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * N simulated hosts: N real OpenSSH servers ({@code /usr/sbin/sshd -D -e}) on 127.0.0.1 with distinct
 * ports (the approach of opsflow-exec's test {@code SshdFixture}, copied, not depended on).
 *
 * <p>Each sshd runs in its own mount and UTS namespace ({@code unshare -m -u}, needs root): inside it
 * {@code hostname} answers {@code sim-host-<i>} and the common target directory {@link #targetDir} is a
 * bind mount of that host's own directory ({@link Sim#files}), so a file pushed to "the same path on
 * every host" really lands in N different places and can be checked per host from outside.
 *
 * <p>Every sshd offers exactly one key exchange ({@value #KEX}), one cipher ({@link #cipher}, by default
 * {@value #DEFAULT_CIPHER}: the first preference of both OpenSSH 9.2 and MINA SSHD 2.20, AEAD so no MAC), one host-key algorithm
 * ({@value #HOST_KEY_ALG}); clients cannot negotiate anything else. Login: root with one ed25519
 * client key ({@code PermitRootLogin prohibit-password}, {@code UsePAM no}).
 */
final class SimulatedHosts implements AutoCloseable {
    static final String KEX = "curve25519-sha256";
    static final String DEFAULT_CIPHER = "chacha20-poly1305@openssh.com";
    static final String HOST_KEY_ALG = "ssh-ed25519";
    static final String ADDRESS = "127.0.0.1";
    static final String USER = "root";

    /** One simulated host. */
    record Sim(int index, String name, String hostname, int port, Path files, Process process) {
        Host host() {
            return new Host(name, ADDRESS, port, "linux", Map.of());
        }
    }

    final Path dir;
    final String cipher;
    final Path clientKey;
    final Path targetDir;
    final Path filesRoot;
    final List<Sim> sims = new ArrayList<>();

    private SimulatedHosts(Path dir, Path filesRoot, String cipher) {
        this.dir = dir;
        this.cipher = cipher;
        this.filesRoot = filesRoot;
        this.clientKey = dir.resolve("client_ed25519");
        this.targetDir = dir.resolve("target");
    }

    /**
     * Starts {@code count} sshd instances offering only {@code cipher}; {@code filesBase} holds the per-host
     * target directories (tmpfs if possible).
     */
    static SimulatedHosts start(int count, Path filesBase, String cipher) throws Exception {
        var dir = Files.createTempDirectory("opsflow-ssh-bench");
        var hosts = new SimulatedHosts(dir, Files.createTempDirectory(filesBase, "opsflow-ssh-bench-files"), cipher);
        try {
            Files.createDirectories(hosts.targetDir);
            Files.createDirectories(Path.of("/run/sshd"));
            hosts.keygen("client_ed25519");
            Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
            for (int i = 1; i <= count; i++) hosts.startSshd(i);
            return hosts;
        } catch (Exception e) {
            hosts.close();
            throw e;
        }
    }

    List<Sim> first(int n) {
        return sims.subList(0, n);
    }

    Set<Long> listenerPids() {
        var out = new LinkedHashSet<Long>();
        for (var s : sims) out.add(s.process().pid());
        return out;
    }

    Account account() throws IOException {
        return new Account("bench", USER, new Credential.PrivateKey(Files.readString(clientKey), null), null);
    }

    private void keygen(String file) throws Exception {
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", file, "-f", dir.resolve(file).toString()));
    }

    private void startSshd(int index) throws Exception {
        int port = freePort();
        keygen("host_" + index);
        var files = Files.createDirectories(filesRoot.resolve("h" + index));
        var config = dir.resolve("sshd_" + index + ".conf");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress " + ADDRESS,
                "HostKey " + dir.resolve("host_" + index),
                "PidFile " + dir.resolve("sshd_" + index + ".pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "StrictModes no",
                "MaxStartups 1000",
                "MaxSessions 100",
                "UseDNS no",
                "PrintMotd no",
                "X11Forwarding no",
                "KexAlgorithms " + KEX,
                "Ciphers " + cipher,
                "HostKeyAlgorithms " + HOST_KEY_ALG,
                "PubkeyAcceptedAlgorithms " + HOST_KEY_ALG,
                "LogLevel ERROR",
                "Subsystem sftp internal-sftp",
                ""));
        var hostname = "sim-host-" + index;
        // own mount + UTS namespace; unshare and sh exec, so the started process *is* the sshd listener.
        // The login user's ~/.bashrc (sourced by bash for every ssh command) is replaced by Debian's
        // default /etc/skel/.bashrc inside the namespace: on this machine root's runs `pyenv init`
        // (≈ 90 ms CPU per command), which no ordinary managed host does.
        var bashrc = Path.of(System.getProperty("user.home"), ".bashrc");
        var skel = Path.of("/etc/skel/.bashrc");
        boolean cleanBashrc = Files.isRegularFile(bashrc) && Files.isRegularFile(skel);
        var process = new ProcessBuilder("unshare", "--mount", "--uts", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" \"$2\" && hostname \"$3\" && { [ -z \"$5\" ] || mount --bind \"$5\" \"$6\"; }"
                        + " && exec /usr/sbin/sshd -D -e -f \"$4\"", "sh",
                files.toString(), targetDir.toString(), hostname, config.toString(),
                cleanBashrc ? skel.toString() : "", bashrc.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd_" + index + ".log").toFile())
                .start();
        var sim = new Sim(index, "h" + index, hostname, port, files, process);
        sims.add(sim);
        awaitListening(sim);
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress(ADDRESS, 0));
            return s.getLocalPort();
        }
    }

    private void awaitListening(Sim sim) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!sim.process().isAlive()) {
                throw new IllegalStateException("sshd " + sim.index() + " exited (needs root for unshare/mount): "
                        + Files.readString(dir.resolve("sshd_" + sim.index() + ".log")));
            }
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(ADDRESS, sim.port()), 200);
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(20); // a child process starting to listen: nothing to poll on
            }
        }
        throw new IllegalStateException("sshd on " + ADDRESS + ":" + sim.port() + " did not listen within 10 s");
    }

    /**
     * Waits until no per-connection sshd process (or anything it started) is alive, so that the
     * listeners' cutime/cstime hold all the CPU of the connections that ended.
     *
     * @return true when quiet within {@code timeout}
     */
    boolean awaitQuiet(Duration timeout) throws InterruptedException {
        var pids = listenerPids();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcCpu.liveDescendants(pids) > 0) {
            if (System.nanoTime() > deadline) return false;
            TimeUnit.MILLISECONDS.sleep(50); // processes of other parents exiting: nothing to wait on
        }
        return true;
    }

    /** CPU seconds of all sshd processes so far (listeners, reaped connections, live connections). */
    double sshdCpuSeconds() {
        return ProcCpu.treeSeconds(listenerPids());
    }

    /** Empties every host's target directory. */
    void clearFiles() throws IOException {
        for (var s : sims) {
            try (var files = Files.list(s.files())) {
                for (var f : files.toList()) deleteTree(f);
            }
        }
    }

    static String run(List<String> cmd) throws Exception {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(cmd + " failed: " + out);
        return out;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static void privateFile(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }

    @Override
    public void close() throws Exception {
        for (var s : sims) s.process().destroy();
        for (var s : sims) {
            if (!s.process().waitFor(5, TimeUnit.SECONDS)) s.process().destroyForcibly();
        }
        deleteTree(dir);
        deleteTree(filesRoot);
    }
}
