package dev.opsflow.engine.store;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the {@link LogLine#seq() seq} of every log line one engine writes: one counter, so seqs are
 * unique and increasing in the order lines are written, across all attempts of the engine.
 *
 * <p>Another engine process (or this one before a restart) may have written lines of the same attempt with
 * seqs from its own counter. The counter starts at the clock's millisecond times 1,000, above an earlier
 * process that wrote fewer than 1,000 lines per millisecond on average — but a clock set back, or a start
 * in the same millisecond, breaks that. So before the first line of an attempt it did not start, the engine
 * calls {@link #continueAfter} with {@link TaskRepository#lastLogSeq}: its lines then sort after the stored
 * ones and never collide with them, whatever the clock does. Thread-safe.
 */
public final class LogSequence {
    private final AtomicLong last;

    /** @param clock read once, for the starting point */
    public LogSequence(Clock clock) {
        this.last = new AtomicLong(clock.millis() * 1_000);
    }

    /** @return the next seq: greater than every seq returned before and every seq passed to {@link #continueAfter} */
    public long next() {
        return last.incrementAndGet();
    }

    /** Makes every later {@link #next()} greater than {@code seq} (a stored line's). */
    public void continueAfter(long seq) {
        last.accumulateAndGet(seq, Math::max);
    }
}
