package dev.opsflow.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark flow as a tiny engine-neutral graph, rendered both as an Opsflow template (YAML) and
 * as a Camunda BPMN model, so both engines run the same shape.
 *
 * @param name       template name / BPMN process key
 * @param nodes      nodes in declaration order
 * @param usesVar    whether conditions read the integer input {@code v}
 */
public record Flow(String name, List<Node> nodes, boolean usesVar) {
    /** Node kinds; TASK is a do-nothing step (Opsflow {@code noop} plugin, Camunda Java delegate). */
    public enum Kind { START, END, TASK, PARALLEL, CONVERGE, EXCLUSIVE }

    /** A branch of a gateway; {@code when} is a condition on {@code v} (e.g. {@code v == 1}) or null. */
    public record Branch(String to, String when) { }

    /** A node; {@code next} for START/TASK/CONVERGE, {@code branches} for gateways. */
    public record Node(String id, Kind kind, String next, List<Branch> branches) { }

    /** @return ids of the nodes with an edge to each node */
    public Map<String, List<String>> predecessors() {
        var preds = new LinkedHashMap<String, List<String>>();
        for (var n : nodes) preds.computeIfAbsent(n.id(), k -> new ArrayList<>());
        for (var n : nodes) {
            if (n.next() != null) preds.get(n.next()).add(n.id());
            if (n.branches() != null) n.branches().forEach(b -> preds.get(b.to()).add(n.id()));
        }
        return preds;
    }

    /** @return the node with this id */
    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    /** @return how many nodes one task visits (start, end, gateways and steps; one branch of an exclusive gateway) */
    public int visitedNodes() {
        // every node except the untaken branches of exclusive gateways (each branch here is one step)
        int n = nodes.size();
        for (var node : nodes) if (node.kind() == Kind.EXCLUSIVE) n -= node.branches().size() - 1;
        return n;
    }

    /** @return number of step (TASK) nodes one task runs */
    public int visitedSteps() {
        int n = (int) nodes.stream().filter(x -> x.kind() == Kind.TASK).count();
        for (var node : nodes) if (node.kind() == Kind.EXCLUSIVE) n -= node.branches().size() - 1;
        return n;
    }

    // ---- the flows ----

    static final class B {
        final List<Node> nodes = new ArrayList<>();

        B start(String next) { nodes.add(new Node("start", Kind.START, next, null)); return this; }
        B end() { nodes.add(new Node("end", Kind.END, null, null)); return this; }
        B task(String id, String next) { nodes.add(new Node(id, Kind.TASK, next, null)); return this; }
        B parallel(String id, List<String> to) {
            nodes.add(new Node(id, Kind.PARALLEL, null, to.stream().map(t -> new Branch(t, null)).toList()));
            return this;
        }
        B converge(String id, String next) { nodes.add(new Node(id, Kind.CONVERGE, next, null)); return this; }
        B exclusive(String id, List<Branch> branches) { nodes.add(new Node(id, Kind.EXCLUSIVE, null, branches)); return this; }
    }

    /** @return start, {@code n} sequential steps s1..sn, end */
    public static Flow linear(String name, int n) {
        var b = new B().start("s1");
        for (int i = 1; i <= n; i++) b.task("s" + i, i == n ? "end" : "s" + (i + 1));
        return new Flow(name, b.end().nodes, false);
    }

    /** @return start, parallel split into {@code n} steps, converge, end */
    public static Flow parallel(String name, int n) {
        var to = new ArrayList<String>();
        for (int i = 1; i <= n; i++) to.add("b" + i);
        var b = new B().start("split").parallel("split", to);
        for (var t : to) b.task(t, "join");
        return new Flow(name, b.converge("join", "end").end().nodes, false);
    }

    /** @return start, exclusive gateway on {@code v} (1, 2, 3) into one step each, merging at the end */
    public static Flow exclusive(String name) {
        var b = new B().start("choose")
                .exclusive("choose", List.of(new Branch("x1", "v == 1"), new Branch("x2", "v == 2"), new Branch("x3", "v == 3")))
                .task("x1", "end").task("x2", "end").task("x3", "end");
        return new Flow(name, b.end().nodes, true);
    }

    /**
     * @return the 17-node flow: start, a1, a2, parallel split into p1..p4, converge, exclusive gateway
     *         (v == 1 → e1, else e2), a3..a6, end
     */
    public static Flow mixed17(String name) {
        var b = new B().start("a1").task("a1", "a2").task("a2", "split")
                .parallel("split", List.of("p1", "p2", "p3", "p4"))
                .task("p1", "join").task("p2", "join").task("p3", "join").task("p4", "join")
                .converge("join", "choose")
                .exclusive("choose", List.of(new Branch("e1", "v == 1"), new Branch("e2", "v != 1")))
                .task("e1", "a3").task("e2", "a3")
                .task("a3", "a4").task("a4", "a5").task("a5", "a6").task("a6", "end").end();
        return new Flow(name, b.nodes, true);
    }

    /** @return the Opsflow template source */
    public String yaml() {
        var y = new StringBuilder("name: ").append(name).append('\n');
        if (usesVar) y.append("inputs:\n  v: {type: int, default: 1}\n");
        y.append("nodes:\n");
        for (var n : nodes) {
            switch (n.kind()) {
                case START -> y.append("  - {id: start, kind: start, next: ").append(n.next()).append("}\n");
                case END -> y.append("  - {id: end, kind: end}\n");
                case TASK -> y.append("  - {id: ").append(n.id()).append(", plugin: noop, next: ").append(n.next()).append("}\n");
                case CONVERGE -> y.append("  - {id: ").append(n.id()).append(", kind: converge, next: ").append(n.next()).append("}\n");
                case PARALLEL, EXCLUSIVE -> {
                    y.append("  - id: ").append(n.id()).append("\n    kind: ")
                            .append(n.kind() == Kind.PARALLEL ? "parallel" : "exclusive").append("\n    branches:\n");
                    for (var br : n.branches()) {
                        y.append("      - {to: ").append(br.to());
                        if (br.when() != null) y.append(", when: \"${").append(br.when()).append("}\"");
                        y.append("}\n");
                    }
                }
            }
        }
        return y.toString();
    }
}
