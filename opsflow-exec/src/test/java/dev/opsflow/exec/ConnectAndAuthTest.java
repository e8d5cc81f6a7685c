package dev.opsflow.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectAndAuthTest {
    static SshdFixture sshd;
    static HostExecutor executor;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @BeforeAll
    static void start() throws Exception {
        sshd = SshdFixture.start(2);
        executor = new HostExecutor(KnownHosts.inMemory(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        executor.close();
        sshd.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_ed25519", "client_rsa", "client_ecdsa", "client_protected"})
    void everyKeyTypeLogsIn(String key) throws Exception {
        var r = executor.check(sshd.hosts.getFirst(), sshd.account(key), TIMEOUT, HostKeyPolicy.TRUST_ON_FIRST_USE);

        assertThat(r.state()).as(r.toString()).isEqualTo(HostState.SUCCEEDED);
        assertThat(r.stdout()).startsWith("Linux ");
    }

    @Test
    void closingStdinOfACommandThatAlreadyEndedIsNotAnError() throws Exception {
        var transports = new Transports(new SshConnector(KnownHosts.inMemory()));
        try (var transport = transports.open(sshd.hosts.getFirst(), sshd.account(), TIMEOUT,
                HostKeyPolicy.TRUST_ON_FIRST_USE)) {
            var command = transport.start("true", OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            command.closed().get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(command.exitStatus()).isZero();
            command.stdin().close(); // threw "stream is already closed" through the paced stdin before
        }
    }

    @Test
    void rsaKeyInPemFormatIsThePkcs1Kind() throws Exception {
        assertThat(Files.readString(sshd.dir.resolve("client_rsa"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    void aWrongKeyIsAuthFailed() throws Exception {
        var r = executor.check(sshd.hosts.getFirst(), sshd.account("client_unknown"), TIMEOUT, HostKeyPolicy.TRUST_ON_FIRST_USE);

        assertThat(r.state()).isEqualTo(HostState.AUTH_FAILED);
        assertThat(r.error()).contains("authentication as '" + SshdFixture.user() + "'");
    }

    @Test
    void aWrongPassphraseIsAuthFailed() throws Exception {
        var account = new Account("t", SshdFixture.user(),
                new Credential.PrivateKey(Files.readString(sshd.dir.resolve("client_protected")), "wrong"), null);
        var r = executor.check(sshd.hosts.getFirst(), account, TIMEOUT, HostKeyPolicy.TRUST_ON_FIRST_USE);

        assertThat(r.state()).isEqualTo(HostState.AUTH_FAILED);
        assertThat(r.error()).contains("cannot read private key");
    }

    @Test
    void passwordAuthWorksAndAWrongPasswordIsAuthFailed() throws Exception {
        var server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPasswordAuthenticator((user, password, session) -> "opsflow-pw".equals(password));
        server.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        server.start();
        try {
            var host = Host.ssh("mina", "127.0.0.1", server.getPort());
            var ok = executor.check(host, new Account("pw", "someone", new Credential.Password("opsflow-pw"), null), TIMEOUT,
                    HostKeyPolicy.TRUST_ON_FIRST_USE);
            var bad = executor.check(host, new Account("pw", "someone", new Credential.Password("nope"), null), TIMEOUT,
                    HostKeyPolicy.TRUST_ON_FIRST_USE);

            assertThat(ok.state()).as(ok.toString()).isEqualTo(HostState.SUCCEEDED);
            assertThat(ok.stdout()).startsWith("Linux ");
            assertThat(bad.state()).isEqualTo(HostState.AUTH_FAILED);
        } finally {
            server.stop(true);
        }
    }

    @Test
    void aRefusedPortIsUnreachable() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var r = executor.check(Host.ssh("closed", "127.0.0.1", port), sshd.account(), TIMEOUT, HostKeyPolicy.TRUST_ON_FIRST_USE);

        assertThat(r.state()).isEqualTo(HostState.UNREACHABLE);
        assertThat(r.error()).startsWith("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void aHostThatNeverSpeaksSshIsUnreachableWithinTheConnectTimeout() throws Exception {
        try (var silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            var accepter = Thread.ofVirtual().start(() -> {
                try {
                    var s = silent.accept(); // accept and never answer
                    Thread.sleep(Duration.ofSeconds(30));
                    s.close();
                } catch (Exception ignored) {
                    // the test closed the socket
                }
            });
            long start = System.nanoTime();
            var results = executor.runScript(List.of(Host.ssh("silent", "127.0.0.1", silent.getLocalPort()), sshd.hosts.get(1)),
                    sshd.account(), ScriptSpec.bash("echo fine", TIMEOUT),
                    RunOptions.defaults().withConnectTimeout(Duration.ofMillis(1500)), null).done().get(30, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(results.get(0).state()).isEqualTo(HostState.UNREACHABLE);
            assertThat(results.get(0).error()).contains("within 1500 ms");
            assertThat(results.get(1).state()).as("one bad host never affects the others").isEqualTo(HostState.SUCCEEDED);
            assertThat(ms).isBetween(1400L, 6000L);
            accepter.interrupt();
        }
    }

    @Test
    void trustOnFirstUseRecordsTheKeyAndStrictRefusesUnknownHosts() throws Exception {
        var known = KnownHosts.inMemory();
        try (var own = new HostExecutor(known, Clock.systemUTC())) {
            var host = sshd.hosts.get(1);
            var strict = own.check(host, sshd.account(), TIMEOUT, HostKeyPolicy.STRICT);
            assertThat(strict.state()).isEqualTo(HostState.FAILED);
            assertThat(strict.error()).isEqualTo("unknown host key for " + host.address() + ":" + host.port() + " (policy: strict)");
            assertThat(known.find(host.address(), host.port())).isEmpty();

            var tofu = own.check(host, sshd.account(), TIMEOUT, HostKeyPolicy.TRUST_ON_FIRST_USE);
            assertThat(tofu.state()).isEqualTo(HostState.SUCCEEDED);
            assertThat(known.find(host.address(), host.port())).contains(sshd.hostKey(2));

            var strictAgain = own.check(host, sshd.account(), TIMEOUT, HostKeyPolicy.STRICT);
            assertThat(strictAgain.state()).isEqualTo(HostState.SUCCEEDED);
        }
    }

    @Test
    void aChangedHostKeyIsRefusedWhateverThePolicy() throws Exception {
        var known = KnownHosts.inMemory();
        var host = sshd.hosts.getFirst();
        var other = sshd.hostKey(2); // host 2's key recorded for host 1: looks like a changed key
        known.record(host.address(), host.port(), other);
        try (var own = new HostExecutor(known, Clock.systemUTC())) {
            var r = own.check(host, sshd.account(), TIMEOUT, HostKeyPolicy.TRUST_ON_FIRST_USE);

            assertThat(r.state()).isEqualTo(HostState.FAILED);
            assertThat(r.error()).matches("host key for 127\\.0\\.0\\.1:" + host.port()
                    + " changed: expected SHA256:\\S+ got SHA256:\\S+");
            assertThat(known.find(host.address(), host.port())).contains(other);
        }
    }

    @Test
    void localHostNeedsNoSsh() {
        var r = executor.check(Host.local(), new Account("l", "ignored", null, null), TIMEOUT, HostKeyPolicy.STRICT);

        assertThat(r.state()).isEqualTo(HostState.SUCCEEDED);
        assertThat(r.stdout()).startsWith("Linux ");
    }

}
