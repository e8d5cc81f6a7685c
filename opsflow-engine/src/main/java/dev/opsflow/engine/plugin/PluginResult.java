package dev.opsflow.engine.plugin;

import java.time.Instant;
import java.util.Map;

/**
 * What one invocation of a plugin returns. Values, never side effects on the engine.
 */
public sealed interface PluginResult {

    /** The node finished; {@code outputs} become {@code ${node_id.key}}. */
    record Succeeded(Map<String, Object> outputs) implements PluginResult {
        public Succeeded {
            outputs = copy(outputs);
        }
    }

    /** The attempt failed with a human-readable reason; outputs published so far are kept. */
    record Failed(String reason, Map<String, Object> outputs) implements PluginResult {
        public Failed {
            outputs = copy(outputs);
        }
    }

    /**
     * Call {@link Plugin#poll} at {@code at} (no thread is held meanwhile). {@code state} is
     * persisted and handed back in {@link PluginContext#state()}.
     */
    record WaitUntil(Instant at, Map<String, Object> state) implements PluginResult {
        public WaitUntil {
            state = copy(state);
        }
    }

    /**
     * Wait for an external event: an operator's approval or a callback through the API, delivered
     * to {@link Plugin#callback}. {@code state} is persisted as for {@link WaitUntil}.
     */
    record WaitForCallback(Map<String, Object> state) implements PluginResult {
        public WaitForCallback {
            state = copy(state);
        }
    }

    /** An unmodifiable copy that, unlike {@link Map#copyOf}, keeps null values (JSON null outputs). */
    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null || m.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }

    /** @return a success with outputs */
    static PluginResult succeeded(Map<String, Object> outputs) {
        return new Succeeded(outputs);
    }

    /** @return a failure with a reason */
    static PluginResult failed(String reason) {
        return new Failed(reason, Map.of());
    }

    /** @return a timer wait */
    static PluginResult waitUntil(Instant at, Map<String, Object> state) {
        return new WaitUntil(at, state);
    }

    /** @return a callback wait */
    static PluginResult waitForCallback(Map<String, Object> state) {
        return new WaitForCallback(state);
    }
}
