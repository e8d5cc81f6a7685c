package dev.opsflow.engine.plugin;

import java.time.Clock;
import java.util.Map;

/** What a plugin attempt may see and use. Never the engine itself. */
public interface PluginContext {
    /** @return the task id */
    String taskId();

    /** @return the node id */
    String nodeId();

    /** @return the 1-based attempt number */
    int attempt();

    /** @return rendered inputs with defaults applied; secret values are present in clear */
    Map<String, Object> inputs();

    /** @return state saved by the previous WaitUntil/WaitForCallback result, else empty */
    Map<String, Object> state();

    /** @return the node log for this attempt; masks secret values */
    NodeLog log();

    /** @return the engine clock */
    Clock clock();

    /** @return cancelled on revoke, force-fail and timeout */
    Cancellation cancellation();
}
