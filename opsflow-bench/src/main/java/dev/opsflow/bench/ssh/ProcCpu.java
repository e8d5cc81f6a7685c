package dev.opsflow.bench.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of process trees from {@code /proc/<pid>/stat} (Linux only).
 *
 * <p>The CPU of a tree rooted at the sshd listeners is Σ over the live tree of utime + stime + cutime +
 * cstime: a process that exited and was reaped by its parent is in that parent's cutime/cstime
 * (exactly once, whatever the depth, as long as every process in the tree is waited for — sshd does),
 * a live one in its own utime/stime.
 */
final class ProcCpu {
    static final long CLOCK_TICKS = clockTicks();

    private ProcCpu() {}

    /** One line of /proc/PID/stat, the fields we need (times in clock ticks). */
    record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {
        long total() {
            return utime + stime + cutime + cstime;
        }
    }

    static Stat stat(long pid) {
        try {
            var s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
            var f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new Stat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    Long.parseLong(f[13]), Long.parseLong(f[14]));
        } catch (IOException | RuntimeException e) {
            return null; // gone
        }
    }

    /** All processes (pid → stat) at this moment. */
    static Map<Long, Stat> all() {
        var out = new HashMap<Long, Stat>();
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (var d : dirs) {
                var st = stat(Long.parseLong(d.getFileName().toString()));
                if (st != null) out.put(st.pid(), st);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return out;
    }

    /** The live descendants of {@code roots} (not the roots themselves). */
    static List<Stat> descendants(Collection<Long> roots, Map<Long, Stat> all) {
        var children = new HashMap<Long, List<Stat>>();
        for (var s : all.values()) children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s);
        var out = new ArrayList<Stat>();
        var todo = new ArrayList<>(roots);
        var seen = new HashSet<Long>(roots);
        while (!todo.isEmpty()) {
            var pid = todo.removeLast();
            for (var c : children.getOrDefault(pid, List.of())) {
                if (seen.add(c.pid())) {
                    out.add(c);
                    todo.add(c.pid());
                }
            }
        }
        return out;
    }

    /** CPU seconds consumed so far by the trees rooted at {@code roots} (see the class comment). */
    static double treeSeconds(Set<Long> roots) {
        var all = all();
        long ticks = 0;
        for (var r : roots) {
            var s = all.get(r);
            if (s != null) ticks += s.total();
        }
        for (var d : descendants(roots, all)) ticks += d.total();
        return ticks / (double) CLOCK_TICKS;
    }

    /** Number of live descendants of {@code roots}. */
    static int liveDescendants(Set<Long> roots) {
        return descendants(roots, all()).size();
    }

    private static long clockTicks() {
        try {
            var p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            var out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
