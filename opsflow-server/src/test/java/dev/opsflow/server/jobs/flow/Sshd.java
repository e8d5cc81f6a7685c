package dev.opsflow.server.jobs.flow;

import dev.opsflow.exec.Host;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real sshd instances from opsflow-exec's published test fixture {@code dev.opsflow.exec.SshdFixture}.
 * The fixture is package-private in its module, so it is driven reflectively here: start N servers on
 * 127.0.0.1..N, read their hosts and the client keys, close them.
 */
final class Sshd implements AutoCloseable {
    private final Object fixture;

    private Sshd(Object fixture) {
        this.fixture = fixture;
    }

    static Sshd start(int count) throws Exception {
        var type = Class.forName("dev.opsflow.exec.SshdFixture");
        Method start = type.getDeclaredMethod("start", int.class);
        start.setAccessible(true);
        return new Sshd(start.invoke(null, count));
    }

    @SuppressWarnings("unchecked")
    List<Host> hosts() throws Exception {
        var f = fixture.getClass().getDeclaredField("hosts");
        f.setAccessible(true);
        return (List<Host>) f.get(fixture);
    }

    Path dir() throws Exception {
        var f = fixture.getClass().getDeclaredField("dir");
        f.setAccessible(true);
        return (Path) f.get(fixture);
    }

    /** The OpenSSH ECDSA private key the servers accept (ECDSA needs no extra provider in the inventory). */
    String clientKey() throws Exception {
        return Files.readString(dir().resolve("client_ecdsa"));
    }

    static String user() {
        return System.getProperty("user.name");
    }

    @Override
    public void close() throws Exception {
        var m = fixture.getClass().getDeclaredMethod("close");
        m.setAccessible(true);
        m.invoke(fixture);
    }
}
