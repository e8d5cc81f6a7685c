package dev.opsflow.exec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real OpenSSH servers for tests: {@code /usr/sbin/sshd -D -e} on 127.0.0.1, 127.0.0.2, ... with
 * free ports, generated ed25519 host keys and generated client keys (ed25519, RSA in PEM, ECDSA,
 * and a passphrase-protected ed25519) in {@code AuthorizedKeysFile}. The remote user is the JVM's
 * user. {@link #close()} kills the sshd processes and deletes the temp dir. Published in this module's
 * test-jar for the job platform's and the server's end-to-end tests.
 */
public final class SshdFixture implements AutoCloseable {
    public static final String PASSPHRASE = "correct horse";

    final Path dir;
    final List<Host> hosts = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private final List<String> extraConfig;

    private SshdFixture(Path dir, List<String> extraConfig) {
        this.dir = dir;
        this.extraConfig = extraConfig;
    }

    /** @return {@code count} running sshd instances on 127.0.0.1 .. 127.0.0.count */
    public static SshdFixture start(int count) throws Exception {
        return start(count, List.of());
    }

    /**
     * @param extraConfig sshd_config lines appended to every instance's configuration (e.g.
     *     {@code Ciphers chacha20-poly1305@openssh.com} to allow that cipher only)
     * @return {@code count} running sshd instances on 127.0.0.1 .. 127.0.0.count
     */
    public static SshdFixture start(int count, List<String> extraConfig) throws Exception {
        var fixture = new SshdFixture(Files.createTempDirectory("opsflow-sshd"), List.copyOf(extraConfig));
        try {
            fixture.generateClientKeys();
            Files.createDirectories(Path.of("/run/sshd"));
            for (int i = 1; i <= count; i++) fixture.startSshd(i);
            return fixture;
        } catch (Exception e) {
            fixture.close();
            throw e;
        }
    }

    /** @return the remote user (this JVM's user) */
    public static String user() {
        return System.getProperty("user.name");
    }

    /** @return the hosts, one per sshd */
    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /**
     * @return the OpenSSH ECDSA client private key the servers accept (ECDSA needs no extra security
     *     provider, so it suits the jobs' credential store as well as the executor)
     */
    public String clientKey() throws java.io.IOException {
        return Files.readString(dir.resolve("client_ecdsa"));
    }

    /** @return the fixture's directory (client keys: client_ed25519, client_rsa, client_ecdsa, client_protected) */
    public Path dir() {
        return dir;
    }

    private void generateClientKeys() throws Exception {
        keygen("client_ed25519", "-t", "ed25519", "-N", "");
        keygen("client_rsa", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "");
        keygen("client_ecdsa", "-t", "ecdsa", "-b", "256", "-N", "");
        keygen("client_protected", "-t", "ed25519", "-N", PASSPHRASE);
        keygen("client_unknown", "-t", "ed25519", "-N", "");
        var authorized = new StringBuilder();
        for (var k : List.of("client_ed25519", "client_rsa", "client_ecdsa", "client_protected")) {
            authorized.append(Files.readString(dir.resolve(k + ".pub")));
        }
        Files.writeString(dir.resolve("authorized_keys"), authorized);
    }

    private void keygen(String file, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-f", dir.resolve(file).toString(), "-C", file));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private void startSshd(int index) throws Exception {
        var address = "127.0.0." + index;
        int port = freePort(address);
        keygen("host_" + index, "-t", "ed25519", "-N", "");
        var config = dir.resolve("sshd_" + index + ".conf");
        // a clean HOME: the machine user's shell start-up files (e.g. pyenv's rehash in ~/.bashrc) must
        // not write to the sessions' stderr, where they would make identical hosts' results differ
        var home = Files.createDirectories(dir.resolve("home"));
        var lines = new ArrayList<>(List.of(
                "SetEnv HOME=" + home,
                "Port " + port,
                "ListenAddress " + address,
                "HostKey " + dir.resolve("host_" + index),
                "PidFile " + dir.resolve("sshd_" + index + ".pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "StrictModes no",
                "MaxStartups 200",
                "MaxSessions 100",
                "LogLevel ERROR",
                "Subsystem sftp internal-sftp"));
        lines.addAll(extraConfig);
        Files.writeString(config, String.join("\n", lines) + "\n");
        var process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd_" + index + ".log").toFile())
                .start();
        processes.add(process);
        awaitListening(address, port, process, index);
        hosts.add(new Host("host" + index, address, port, "linux", java.util.Map.of("index", String.valueOf(index))));
    }

    private static int freePort(String address) throws IOException {
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    private void awaitListening(String address, int port, Process process, int index) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd_" + index + ".log")));
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(20); // waiting for a child process to listen; nothing to poll on
            }
        }
        throw new IllegalStateException("sshd on " + address + ":" + port + " did not listen within 10 s");
    }

    Credential key(String name) throws IOException {
        return new Credential.PrivateKey(Files.readString(dir.resolve(name)), name.equals("client_protected") ? PASSPHRASE : null);
    }

    Account account() throws IOException {
        return account("client_ed25519");
    }

    Account account(String keyName) throws IOException {
        return new Account("test", user(), key(keyName), null);
    }

    /** The public host key of sshd number {@code index} (1-based), in authorized_keys form without comment. */
    String hostKey(int index) throws IOException {
        var parts = Files.readString(dir.resolve("host_" + index + ".pub")).trim().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    static String run(List<String> cmd) throws Exception {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(cmd + " failed: " + out);
        return out;
    }

    @Override
    public void close() throws Exception {
        for (var p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
