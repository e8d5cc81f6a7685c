package dev.opsflow.engine.template;

import java.util.List;
import java.util.Map;

/**
 * One node of a template, as authored.
 *
 * @param id              unique id within the template ({@code [A-Za-z_][A-Za-z0-9_]*}, not a reserved word; used in expressions)
 * @param kind            node kind
 * @param name            human-readable title, defaults to the id
 * @param plugin          plugin code for {@link NodeKind#PLUGIN} nodes, else null
 * @param pluginVersion   requested plugin version, null = latest registered
 * @param inputs          plugin inputs (subflow: child template inputs); values may hold {@code ${...}}
 * @param next            successors of start, plugin, subflow and converge nodes (exactly one for
 *                        plugin/subflow/converge/start after validation)
 * @param branches        outgoing edges of gateways, in evaluation order
 * @param timeout         per-attempt time limit
 * @param retry           automatic retry
 * @param onError         behaviour after the final failed attempt
 * @param optional        an operator may deselect the node when creating a task
 * @param breakpoint      the task pauses before the node runs until an operator resumes it
 * @param loopLimit       maximum passes through this node (default 100)
 * @param subflow         child template reference for {@link NodeKind#SUBFLOW} nodes, else null
 * @param line            1-based line of the node in the YAML/JSON source, 0 when unknown
 */
public record NodeDef(String id, NodeKind kind, String name, String plugin, Integer pluginVersion,
                      Map<String, Object> inputs, List<String> next, List<Branch> branches,
                      TimeoutPolicy timeout, RetryPolicy retry, ErrorPolicy onError, boolean optional,
                      boolean breakpoint, int loopLimit, SubflowRef subflow, int line) {
    /** Default loop limit per node. */
    public static final int DEFAULT_LOOP_LIMIT = 100;

    public NodeDef {
        inputs = inputs == null ? Map.of() : inputs;
        next = next == null ? List.of() : List.copyOf(next);
        branches = branches == null ? List.of() : List.copyOf(branches);
        timeout = timeout == null ? TimeoutPolicy.NONE : timeout;
        retry = retry == null ? RetryPolicy.NONE : retry;
        onError = onError == null ? ErrorPolicy.FAIL : onError;
        name = name == null || name.isBlank() ? id : name;
        loopLimit = loopLimit <= 0 ? DEFAULT_LOOP_LIMIT : loopLimit;
    }

    /** @return every successor id: {@code next} followed by the branch targets */
    public List<String> successors() {
        if (branches.isEmpty()) return next;
        return branches.stream().map(Branch::to).toList();
    }
}
