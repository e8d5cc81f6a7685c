package dev.opsflow.bench;

import java.util.Arrays;

/** Growable long array with percentiles. */
final class Stats {
    private long[] v = new long[1024];
    private int n;

    synchronized void add(long x) {
        if (n == v.length) v = Arrays.copyOf(v, n * 2);
        v[n++] = x;
    }

    synchronized int count() {
        return n;
    }

    /** @return the p-th percentile (0..100), nearest rank, or -1 when empty */
    synchronized long percentile(double p) {
        if (n == 0) return -1;
        var s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return s[Math.max(0, Math.min(n - 1, rank - 1))];
    }
}
