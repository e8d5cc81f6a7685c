package dev.opsflow.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * A host reached over one authenticated SSH session: exec channels for commands (stdin paced by
 * {@link PacedExecChannel}), one SFTP channel for files.
 */
final class SshTransport implements Transport {
    private final ClientSession session;
    private final Host host;
    private volatile SftpClient sftp;

    SshTransport(ClientSession session, Host host) {
        this.session = session;
        this.host = host;
    }

    @Override
    public Command start(String command, OutputStream stdout, OutputStream stderr) throws IOException {
        var channel = new PacedExecChannel(command);
        channel.setOut(stdout);
        channel.setErr(stderr);
        channel.setRedirectErrorStream(false);
        channel.open(session, 30_000);
        var stdin = channel.stdin();
        var closed = new CompletableFuture<Void>();
        channel.addCloseFutureListener(f -> closed.complete(null));
        return new Command() {
            @Override
            public OutputStream stdin() {
                return stdin;
            }

            @Override
            public CompletableFuture<Void> closed() {
                return closed;
            }

            @Override
            public Integer exitStatus() {
                return channel.getExitStatus();
            }

            @Override
            public void abort() {
                channel.close(true);
            }
        };
    }

    @Override
    public synchronized FileAccess files() throws IOException {
        if (sftp == null) sftp = SftpClientFactory.instance().createSftpClient(session);
        var client = sftp;
        return new FileAccess() {
            @Override
            public InputStream read(String path) throws IOException {
                return client.read(path);
            }

            @Override
            public List<Entry> glob(String pathOrGlob) throws IOException {
                var name = FileAccess.lastSegment(pathOrGlob);
                var dir = FileAccess.parent(pathOrGlob);
                var found = new ArrayList<Entry>();
                if (!FileAccess.isGlob(name)) {
                    var attrs = client.stat(pathOrGlob);
                    if (!attrs.isRegularFile()) throw new IOException(pathOrGlob + " is not a regular file");
                    found.add(new Entry(pathOrGlob, name, attrs.getSize()));
                    return found;
                }
                var matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
                for (var e : client.readDir(dir)) {
                    if (e.getAttributes().isRegularFile() && matcher.matches(java.nio.file.Path.of(e.getFilename()))) {
                        found.add(new Entry(dir.equals("/") ? "/" + e.getFilename() : dir + "/" + e.getFilename(),
                                e.getFilename(), e.getAttributes().getSize()));
                    }
                }
                if (found.isEmpty()) throw new IOException("no files match " + pathOrGlob + " on " + host.name());
                found.sort(Comparator.comparing(Entry::name));
                return found;
            }
        };
    }

    @Override
    public String lossReason() {
        if (session.isOpen() && !session.isClosing()) return null;
        return "SSH session to " + host.address() + ":" + host.port() + " closed";
    }

    @Override
    public void close() {
        try {
            if (sftp != null) sftp.close();
        } catch (IOException | RuntimeException ignored) {
            // the session close below releases the channel anyway
        }
        session.close(true);
    }
}
