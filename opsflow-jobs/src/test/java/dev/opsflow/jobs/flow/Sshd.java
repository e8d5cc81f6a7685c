package dev.opsflow.jobs.flow;

import dev.opsflow.exec.Host;
import dev.opsflow.exec.SshdFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real sshd instances from opsflow-exec's published test fixture {@link SshdFixture}. */
final class Sshd implements AutoCloseable {
    private final SshdFixture fixture;

    private Sshd(SshdFixture fixture) {
        this.fixture = fixture;
    }

    static Sshd start(int count) throws Exception {
        return new Sshd(SshdFixture.start(count));
    }

    List<Host> hosts() {
        return fixture.hosts();
    }

    Path dir() {
        return fixture.dir();
    }

    /** The OpenSSH ECDSA private key the servers accept. */
    String clientKey() throws Exception {
        return Files.readString(dir().resolve("client_ecdsa"));
    }

    static String user() {
        return SshdFixture.user();
    }

    @Override
    public void close() throws Exception {
        fixture.close();
    }
}
