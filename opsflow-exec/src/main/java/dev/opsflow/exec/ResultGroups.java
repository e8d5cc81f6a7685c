package dev.opsflow.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/** Folds per-host results into groups, so 10,000 identical outputs read as one. */
public final class ResultGroups {
    private ResultGroups() {}

    private record Key(HostState state, Integer exitCode, String digest) {}

    /**
     * Groups by (state, exit code, output digest). Biggest group first; ties keep first-seen order.
     */
    public static List<ResultGroup> group(List<HostResult> results) {
        var groups = new LinkedHashMap<Key, List<HostResult>>();
        for (var r : results) {
            groups.computeIfAbsent(new Key(r.state(), r.exitCode(), r.outputDigest()), k -> new ArrayList<>()).add(r);
        }
        var out = new ArrayList<ResultGroup>();
        groups.forEach((key, members) -> {
            var first = members.getFirst();
            out.add(new ResultGroup(key.state(), key.exitCode(), key.digest(),
                    members.stream().map(HostResult::host).toList(), first.stdout(), first.stderr(), first.error()));
        });
        out.sort(Comparator.comparingInt((ResultGroup g) -> g.hosts().size()).reversed());
        return out;
    }
}
