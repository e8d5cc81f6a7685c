package dev.opsflow.engine.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.opsflow.engine.plugin.PluginDescriptor;

/**
 * A validated template with the lookups the decider needs on its hot path: nodes by id,
 * predecessors, gateway/converge pairs and resolved plugin descriptors. Immutable and thread-safe;
 * built only by {@link TemplateCompiler}, so every instance is a valid graph.
 */
public final class CompiledTemplate {
    private final Template template;
    private final String source;
    private final Map<String, NodeDef> byId;
    private final Map<String, List<String>> incoming;
    private final Map<String, String> convergeOf;
    private final Map<String, String> splitOf;
    private final Map<String, PluginDescriptor> plugins;
    private final NodeDef start;

    CompiledTemplate(Template template, String source, Map<String, String> convergeOf,
                     Map<String, PluginDescriptor> plugins) {
        this.template = template;
        this.source = source;
        var nodes = new HashMap<String, NodeDef>();
        var in = new HashMap<String, List<String>>();
        NodeDef first = null;
        for (var n : template.nodes()) {
            nodes.put(n.id(), n);
            in.putIfAbsent(n.id(), new ArrayList<>());
            if (n.kind() == NodeKind.START) first = n;
        }
        for (var n : template.nodes()) {
            for (var target : n.successors()) {
                var list = in.computeIfAbsent(target, k -> new ArrayList<>());
                if (!list.contains(n.id())) list.add(n.id());
            }
        }
        var split = new HashMap<String, String>();
        convergeOf.forEach((g, c) -> split.put(c, g));
        this.byId = Map.copyOf(nodes);
        var frozen = new HashMap<String, List<String>>();
        in.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.incoming = Map.copyOf(frozen);
        this.convergeOf = Map.copyOf(convergeOf);
        this.splitOf = Map.copyOf(split);
        this.plugins = Map.copyOf(plugins);
        this.start = first;
    }

    /** @return the template as parsed */
    public Template template() {
        return template;
    }

    /** @return the YAML or JSON text it was compiled from; may be null for programmatic templates */
    public String source() {
        return source;
    }

    /**
     * @param id a node id
     * @return the node
     * @throws IllegalArgumentException when the template has no such node
     */
    public NodeDef node(String id) {
        var n = byId.get(id);
        if (n == null) throw new IllegalArgumentException("template '" + template.name() + "' has no node '" + id + "'");
        return n;
    }

    /** @return the single start node */
    public NodeDef start() {
        return start;
    }

    /** @return every node in declaration order */
    public List<NodeDef> nodes() {
        return template.nodes();
    }

    /**
     * @param nodeId a node id
     * @return ids of the nodes with an edge to it, in declaration order; empty for the start
     * @throws IllegalArgumentException on an unknown id
     */
    public List<String> incoming(String nodeId) {
        node(nodeId);
        return incoming.getOrDefault(nodeId, List.of());
    }

    /**
     * @param splitId a parallel or inclusive gateway id
     * @return the id of the converge that joins its branches
     * @throws IllegalArgumentException when the node is not a parallel or inclusive gateway
     */
    public String convergeOf(String splitId) {
        var c = convergeOf.get(splitId);
        if (c == null) throw new IllegalArgumentException("node '" + splitId + "' is not a parallel or inclusive gateway");
        return c;
    }

    /**
     * @param convergeId a converge id
     * @return the id of the parallel or inclusive gateway whose branches it joins
     * @throws IllegalArgumentException when the node is not a converge
     */
    public String splitOf(String convergeId) {
        var g = splitOf.get(convergeId);
        if (g == null) throw new IllegalArgumentException("node '" + convergeId + "' is not a converge");
        return g;
    }

    /**
     * @param nodeId a plugin node id
     * @return the descriptor of the plugin version it runs (the pinned one, else the latest at compile time)
     * @throws IllegalArgumentException when the node is not a plugin node
     */
    public PluginDescriptor plugin(String nodeId) {
        var d = plugins.get(nodeId);
        if (d == null) throw new IllegalArgumentException("node '" + nodeId + "' is not a plugin node");
        return d;
    }
}
