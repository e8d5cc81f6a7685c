package dev.opsflow.exec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * An exec channel whose stdin keeps little data queued on the server: a write waits while more than
 * the cap is sent but not yet given back by the server as window (SSH_MSG_CHANNEL_WINDOW_ADJUST, which
 * OpenSSH sends once it has passed the bytes on to the command).
 *
 * <p>Why: OpenSSH grants a 2 MiB window per session channel, but passes at most one pipe buffer
 * (64 KiB) to the command per turn of its event loop. A client that keeps the whole window full on a
 * fast link, as MINA does, makes sshd queue up to 2 MiB in its channel buffer, and that buffer grows one
 * packet (32 KiB) at a time, each step a new mapping plus a copy of everything queued: tens of thousands
 * of page faults for a 10 MiB file and about a quarter of the host-side CPU of a file push (perf and
 * sshd CPU on the loopback fan-out benchmark, docs/benchmarks.md: ~100 → ~70 ms per host with 50 hosts).
 * scp has the same cost whenever its client is fast. With the cap the queue, and that buffer, stay small.
 *
 * <p>The cap is {@value #CAP} bytes, 16 packets: well above the 3 packets after which OpenSSH returns
 * window. It bounds one channel's throughput to {@value #CAP} bytes per round trip (over 100 MB/s up to
 * ~4 ms, ~10 MB/s at 50 ms) where plain SSH would allow OpenSSH's 2 MiB. The open's round trip cannot
 * size it: on a busy Opsflow server or host it measures queueing, not the network (400 ms median with
 * 50 hosts pushing on two cores). A server that returns window only after half of it is used never
 * answers while we hold back, and neither does a path slower than {@value #STALL_MILLIS} ms: when no
 * adjustment arrives within that time of waiting, the cap is dropped for the rest of the channel,
 * leaving plain SSH flow control.
 */
final class PacedExecChannel extends ChannelExec {
    static final long CAP = 512 * 1024;
    static final long STALL_MILLIS = 200;

    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: waiters are virtual threads
    private final Condition adjusted = lock.newCondition();
    private long signals; // guarded by lock: window adjustments and the close seen so far
    private volatile long windowMax;
    private volatile long cap; // 0: not paced

    PacedExecChannel(String command) {
        super(command, null, Collections.emptyMap());
    }

    /** Registers the channel with the session (as {@code createExecChannel} does) and opens it. */
    void open(ClientSession session, long timeoutMillis) throws IOException {
        session.getService(ConnectionService.class).registerChannel(this);
        open().verify(timeoutMillis);
        windowMax = getRemoteWindow().getSize();
        cap = CAP;
        addCloseFutureListener(f -> signal());
    }

    @Override
    public void handleWindowAdjust(Buffer buffer) throws IOException {
        super.handleWindowAdjust(buffer);
        windowMax = Math.max(windowMax, getRemoteWindow().getSize());
        signal();
    }

    /** The command's stdin, paced as described above. */
    OutputStream stdin() {
        return new FilterOutputStream(getInvertedIn()) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                awaitRoom(len);
                out.write(b, off, len);
            }

            /**
             * MINA's close flushes what is buffered and sends EOF, and does nothing once the channel has
             * closed. FilterOutputStream's own close would flush first, which throws "stream is already
             * closed" when the command ended before we closed its stdin (`uname` in a host check).
             */
            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    private long unacknowledged() {
        return windowMax - getRemoteWindow().getSize();
    }

    private void awaitRoom(int len) throws IOException {
        if (cap == 0) return;
        lock.lock();
        try {
            while (cap != 0 && isOpen() && unacknowledged() > 0 && unacknowledged() + len > cap) {
                long seen = signals;
                long left = TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
                while (signals == seen && left > 0) left = adjusted.awaitNanos(left);
                if (signals == seen) cap = 0; // a server that waits for more data, or a long path: stop pacing
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the SSH window");
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            signals++;
            adjusted.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
