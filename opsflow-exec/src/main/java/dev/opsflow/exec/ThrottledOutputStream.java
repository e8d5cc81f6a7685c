package dev.opsflow.exec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Limits the average write rate to {@code bytesPerSecond} since the stream was created: after each
 * slice of at most 1/10 s worth of bytes it sleeps until the bytes written so far are "due". One
 * instance per target host, shared by all files of that host, so the limit is per host.
 */
final class ThrottledOutputStream extends FilterOutputStream {
    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long written;

    ThrottledOutputStream(OutputStream out, long bytesPerSecond) {
        super(out);
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Re-targets the throttle (and its running total) at the next file's stream. */
    void retarget(OutputStream next) {
        this.out = next;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (bytesPerSecond <= 0) {
            out.write(b, off, len);
            return;
        }
        int slice = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytesPerSecond / 10));
        while (len > 0) {
            int n = Math.min(len, slice);
            out.write(b, off, n);
            written += n;
            off += n;
            len -= n;
            pace();
        }
    }

    private void pace() throws InterruptedIOException {
        long dueNanos = startNanos + written * 1_000_000_000L / bytesPerSecond;
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos <= 0) return;
        try {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        }
    }

    /** Closes only the current target stream; the throttle itself has nothing to release. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
