package dev.opsflow.engine.template;

import java.util.Locale;

/**
 * Kind of a template node. Stored and written in templates by {@link #wireName()} (lower case).
 */
public enum NodeKind {
    /** The single entry point; exactly one outgoing edge, no incoming edge. */
    START,
    /** A terminal node; reaching it finishes the task. */
    END,
    /** A step run by a plugin; exactly one outgoing edge. */
    PLUGIN,
    /** Exclusive gateway: the first branch whose condition holds, else the default branch. */
    EXCLUSIVE,
    /** Parallel gateway: every branch runs; joined by its converge. */
    PARALLEL,
    /** Inclusive gateway: every branch whose condition holds runs (default when none); joined by its converge. */
    INCLUSIVE,
    /** Joins the branches of one parallel or inclusive gateway. */
    CONVERGE,
    /** Runs another template as a child task. */
    SUBFLOW;

    /** @return the name used in templates, the API and the store, e.g. {@code "exclusive"} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a wire name, case-insensitive
     * @return the kind
     * @throws IllegalArgumentException when the name is unknown
     */
    public static NodeKind fromWire(String name) {
        for (NodeKind k : values()) {
            if (k.wireName().equalsIgnoreCase(name)) return k;
        }
        throw new IllegalArgumentException("unknown node kind '" + name
                + "'; expected one of start, end, plugin, exclusive, parallel, inclusive, converge, subflow");
    }

    /** @return true for the gateways that split (exclusive, parallel, inclusive) */
    public boolean isSplit() {
        return this == EXCLUSIVE || this == PARALLEL || this == INCLUSIVE;
    }

    /** @return true for nodes that run work (plugin, subflow) */
    public boolean isActivity() {
        return this == PLUGIN || this == SUBFLOW;
    }
}
