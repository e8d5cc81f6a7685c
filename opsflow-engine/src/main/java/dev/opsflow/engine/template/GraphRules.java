package dev.opsflow.engine.template;

import static dev.opsflow.engine.template.ProblemCodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Graph rules: ids, start/end, edge counts per kind, targets, reachability, dead ends, gateway blocks
 * (each parallel/inclusive gateway closes at exactly one converge of its own, branches disjoint) and
 * cycles (every cycle must pass through an exclusive gateway, which is where the loop condition and
 * loop limit live). One instance per check; not thread-safe.
 */
final class GraphRules {
    private final Template t;
    private final Map<String, NodeDef> byId;
    private final List<Problem> out;
    /** Parallel/inclusive gateway id to its converge id, for the gateways that close correctly. */
    final Map<String, String> convergeOf = new LinkedHashMap<>();
    private final Map<String, String> ownerOf = new HashMap<>();
    private final Map<String, Set<String>> blockNodes = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private final Set<String> failed = new HashSet<>();

    GraphRules(Template t, Map<String, NodeDef> byId, List<Problem> out) {
        this.t = t;
        this.byId = byId;
        this.out = out;
    }

    void check() {
        structure();
        var start = t.nodes().stream().filter(n -> n.kind() == NodeKind.START).findFirst().orElse(null);
        if (start != null) reachability(start);
        for (var n : t.nodes()) {
            if ((n.kind() == NodeKind.PARALLEL || n.kind() == NodeKind.INCLUSIVE) && byId.get(n.id()) == n) resolve(n);
        }
        if (failed.isEmpty()) {
            for (var n : t.nodes()) {
                if (n.kind() == NodeKind.CONVERGE && !ownerOf.containsKey(n.id())) {
                    add(n, "kind", ORPHAN_CONVERGE, "converge '" + n.id() + "' joins no parallel or inclusive gateway;"
                            + " exclusive paths merge by pointing at a common node");
                }
            }
        }
        cycles();
    }

    private void structure() {
        var seen = new HashSet<String>();
        int starts = 0;
        for (var n : t.nodes()) {
            if (!seen.add(n.id())) add(n, "id", DUPLICATE_NODE_ID, "node id '" + n.id() + "' is used more than once");
            if (!Names.isIdentifier(n.id())) {
                add(n, "id", INVALID_NODE_ID, "node id '" + n.id() + "' must match [A-Za-z_][A-Za-z0-9_]* and not be a reserved word,"
                        + " because ids are used in expressions (${" + "node.key})");
            }
            if (n.kind() == NodeKind.START && ++starts > 1) add(n, "kind", MULTIPLE_STARTS, "a template has exactly one start node");
            if (t.inputs().containsKey(n.id())) {
                add(n, "id", NAME_CLASH, "node id '" + n.id() + "' is also an input name; both would be ${" + n.id() + "}");
            }
            edges(n);
        }
        if (starts == 0) out.add(new Problem(null, "nodes", 0, MISSING_START, "a template needs one node of kind start"));
        if (t.nodes().stream().noneMatch(n -> n.kind() == NodeKind.END)) {
            out.add(new Problem(null, "nodes", 0, MISSING_END, "a template needs at least one node of kind end"));
        }
        for (var n : t.nodes()) {
            if (n.kind() != NodeKind.START) continue;
            var from = t.nodes().stream().filter(p -> p.successors().contains(n.id())).map(NodeDef::id).toList();
            if (!from.isEmpty()) add(n, "id", START_INCOMING, "the start node cannot be a target, but " + from + " lead to it");
        }
    }

    private void edges(NodeDef n) {
        for (var target : n.next()) {
            if (!byId.containsKey(target)) add(n, "next", UNKNOWN_TARGET, "next '" + target + "' is not a node id");
        }
        for (int i = 0; i < n.branches().size(); i++) {
            var target = n.branches().get(i).to();
            if (!byId.containsKey(target)) add(n, "branches[" + i + "].to", UNKNOWN_TARGET, "branch target '" + target + "' is not a node id");
        }
        switch (n.kind()) {
            case START -> {
                if (n.next().size() != 1) add(n, "next", START_OUTGOING, "the start node needs exactly one next, has " + n.next().size());
                noBranches(n);
            }
            case END -> {
                if (!n.next().isEmpty() || !n.branches().isEmpty()) add(n, "next", END_OUTGOING, "an end node has no next");
            }
            case PLUGIN, SUBFLOW, CONVERGE -> {
                if (n.next().size() != 1) {
                    add(n, "next", NEXT_COUNT, "a " + n.kind().wireName() + " node needs exactly one next, has " + n.next().size()
                            + (n.next().size() > 1 ? "; use a parallel gateway to split" : ""));
                }
                noBranches(n);
            }
            case EXCLUSIVE, PARALLEL, INCLUSIVE -> gateway(n);
        }
    }

    private void noBranches(NodeDef n) {
        if (!n.branches().isEmpty()) {
            add(n, "branches", UNEXPECTED_BRANCHES, "only gateways (exclusive, parallel, inclusive) have branches; use next");
        }
    }

    private void gateway(NodeDef n) {
        if (!n.next().isEmpty()) add(n, "next", UNEXPECTED_NEXT, "a gateway uses branches, not next");
        if (n.branches().size() < 2) {
            add(n, "branches", GATEWAY_BRANCHES, "a " + n.kind().wireName() + " gateway needs at least 2 branches, has " + n.branches().size());
        }
        int defaults = 0;
        for (int i = 0; i < n.branches().size(); i++) {
            var b = n.branches().get(i);
            var field = "branches[" + i + "]";
            boolean hasWhen = b.when() != null && !b.when().isBlank();
            if (n.kind() == NodeKind.PARALLEL) {
                if (hasWhen || b.isDefault()) add(n, field + ".when", UNEXPECTED_CONDITION, "parallel branches all run; they take no when or default");
                continue;
            }
            if (b.isDefault()) {
                if (++defaults == 2) add(n, field + ".default", MULTIPLE_DEFAULTS, "a gateway has at most one default branch");
                if (hasWhen) add(n, field + ".when", UNEXPECTED_CONDITION, "the default branch takes no when");
            } else if (!hasWhen) {
                add(n, field + ".when", MISSING_CONDITION, "branch to '" + b.to() + "' needs a when condition (or default: true)");
            }
        }
    }

    private void reachability(NodeDef start) {
        var reached = walk(List.of(start.id()), n -> n.successors());
        for (var n : t.nodes()) {
            if (!reached.contains(n.id())) add(n, "id", UNREACHABLE, "node '" + n.id() + "' cannot be reached from the start");
        }
        var ends = t.nodes().stream().filter(n -> n.kind() == NodeKind.END).map(NodeDef::id).toList();
        if (ends.isEmpty()) return;
        var incoming = new HashMap<String, List<String>>();
        for (var n : t.nodes()) {
            for (var s : n.successors()) incoming.computeIfAbsent(s, k -> new ArrayList<>()).add(n.id());
        }
        var finishing = walk(ends, n -> incoming.getOrDefault(n.id(), List.of()));
        for (var n : t.nodes()) {
            if (reached.contains(n.id()) && !finishing.contains(n.id())) {
                add(n, "next", DEAD_END, "no path leads from node '" + n.id() + "' to an end node");
            }
        }
    }

    private Set<String> walk(List<String> from, java.util.function.Function<NodeDef, List<String>> edges) {
        var seen = new HashSet<String>(from);
        var queue = new ArrayDeque<>(from);
        while (!queue.isEmpty()) {
            var n = byId.get(queue.poll());
            if (n == null) continue;
            for (var s : edges.apply(n)) {
                if (byId.containsKey(s) && seen.add(s)) queue.add(s);
            }
        }
        return seen;
    }

    /** @return the converge closing gateway g, or null when its block is malformed (problem recorded) */
    private String resolve(NodeDef g) {
        if (convergeOf.containsKey(g.id())) return convergeOf.get(g.id());
        if (failed.contains(g.id())) return null;
        inProgress.add(g.id());
        var converges = new LinkedHashSet<String>();
        var branchNodes = new ArrayList<Set<String>>();
        boolean ok = true;
        for (var b : g.branches()) {
            var walk = new BranchWalk(g, b.to());
            walk.visit(b.to());
            if (walk.failed) {
                ok = false;
            } else if (walk.converges.isEmpty()) {
                add(g, "branches", MISSING_CONVERGE, "branch to '" + b.to() + "' of gateway '" + g.id() + "' never reaches a converge");
                ok = false;
            } else if (walk.converges.size() > 1) {
                add(g, "branches", BRANCH_CROSSING, "branch to '" + b.to() + "' of gateway '" + g.id()
                        + "' reaches several converges " + walk.converges + "; all its paths must join at one converge");
                ok = false;
            }
            converges.addAll(walk.converges);
            branchNodes.add(walk.nodes);
        }
        if (ok && converges.size() > 1) {
            add(g, "branches", BRANCH_CROSSING, "branches of gateway '" + g.id() + "' reach different converges " + converges);
            ok = false;
        }
        if (ok) ok = disjoint(g, branchNodes);
        inProgress.remove(g.id());
        if (!ok || converges.isEmpty()) {
            failed.add(g.id());
            return null;
        }
        var c = converges.iterator().next();
        var owner = ownerOf.putIfAbsent(c, g.id());
        if (owner != null) {
            add(byId.get(c), "id", SHARED_CONVERGE, "converge '" + c + "' joins both '" + owner + "' and '" + g.id()
                    + "'; each parallel or inclusive gateway needs its own converge");
        }
        convergeOf.put(g.id(), c);
        var block = new HashSet<String>();
        branchNodes.forEach(block::addAll);
        block.add(c);
        blockNodes.put(g.id(), block);
        return c;
    }

    private boolean disjoint(NodeDef g, List<Set<String>> branchNodes) {
        for (int i = 0; i < branchNodes.size(); i++) {
            for (int j = i + 1; j < branchNodes.size(); j++) {
                for (var id : branchNodes.get(i)) {
                    if (branchNodes.get(j).contains(id)) {
                        add(g, "branches", BRANCH_CROSSING, "branches to '" + g.branches().get(i).to() + "' and '"
                                + g.branches().get(j).to() + "' of gateway '" + g.id() + "' share node '" + id + "' before the converge");
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Follows one branch of a gateway up to the converges it reaches, jumping over nested blocks. */
    private final class BranchWalk {
        final NodeDef gateway;
        final String branch;
        final Set<String> nodes = new LinkedHashSet<>();
        final Set<String> converges = new LinkedHashSet<>();
        boolean failed;

        BranchWalk(NodeDef gateway, String branch) {
            this.gateway = gateway;
            this.branch = branch;
        }

        void visit(String id) {
            if (failed) return;
            var n = byId.get(id);
            if (n == null) return; // unknown target, reported by structure()
            if (n.kind() == NodeKind.CONVERGE) {
                converges.add(id);
                return;
            }
            if (!nodes.add(id)) return; // a loop back through an exclusive gateway inside the branch
            switch (n.kind()) {
                case END -> fail("reaches end node '" + id + "' before a converge");
                case START -> fail("reaches the start node");
                case PARALLEL, INCLUSIVE -> nested(n);
                case EXCLUSIVE -> n.branches().forEach(b -> visit(b.to()));
                default -> n.next().forEach(this::visit);
            }
        }

        private void nested(NodeDef n) {
            if (n == gateway || inProgress.contains(n.id())) {
                fail("leads back to gateway '" + n.id() + "' before its converge");
                return;
            }
            var c = resolve(n);
            if (c == null) {
                failed = true; // the nested gateway's problem is already recorded
                return;
            }
            nodes.addAll(blockNodes.get(n.id()));
            byId.get(c).next().forEach(this::visit);
        }

        private void fail(String why) {
            failed = true;
            add(gateway, "branches", BRANCH_CROSSING, "branch to '" + branch + "' of gateway '" + gateway.id() + "' " + why);
        }
    }

    private void cycles() {
        var state = new HashMap<String, Integer>(); // 1 = on the stack, 2 = done
        var reported = new HashSet<String>();
        for (var n : t.nodes()) {
            if (n.kind() != NodeKind.EXCLUSIVE && !state.containsKey(n.id())) dfs(n, state, new ArrayList<>(), reported);
        }
    }

    private void dfs(NodeDef n, Map<String, Integer> state, List<String> stack, Set<String> reported) {
        state.put(n.id(), 1);
        stack.add(n.id());
        for (var s : n.successors()) {
            var next = byId.get(s);
            if (next == null || next.kind() == NodeKind.EXCLUSIVE) continue;
            var st = state.get(s);
            if (st == null) {
                dfs(next, state, stack, reported);
            } else if (st == 1 && reported.add(s)) {
                var cycle = new ArrayList<>(stack.subList(stack.indexOf(s), stack.size()));
                cycle.add(s);
                add(next, "next", CYCLE_WITHOUT_EXCLUSIVE, "cycle " + String.join(" -> ", cycle)
                        + " does not pass through an exclusive gateway; loops need one to decide when to stop");
            }
        }
        stack.removeLast();
        state.put(n.id(), 2);
    }

    private void add(NodeDef n, String field, String code, String message) {
        out.add(new Problem(n.id(), field, n.line(), code, message));
    }
}
