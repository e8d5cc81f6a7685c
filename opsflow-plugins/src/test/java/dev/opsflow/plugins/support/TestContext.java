package dev.opsflow.plugins.support;

import dev.opsflow.engine.plugin.PluginContext;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link PluginContext} for plugin tests: inputs and state set by the test, a recording log, a
 * settable clock and a triggerable cancellation.
 */
public final class TestContext implements PluginContext {
    private final Map<String, Object> inputs = new HashMap<>();
    private Map<String, Object> state = Map.of();
    private int attempt = 1;
    private final RecordingLog log = new RecordingLog();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final TriggerableCancellation cancellation = new TriggerableCancellation();

    /** @return a context with the given inputs (null values allowed) */
    public static TestContext with(Map<String, ?> inputs) {
        var ctx = new TestContext();
        ctx.inputs.putAll(inputs);
        return ctx;
    }

    public TestContext input(String name, Object value) {
        inputs.put(name, value);
        return this;
    }

    public TestContext state(Map<String, Object> newState) {
        state = Map.copyOf(newState);
        return this;
    }

    public TestContext attempt(int n) {
        attempt = n;
        return this;
    }

    public SettableClock settableClock() {
        return clock;
    }

    public TriggerableCancellation trigger() {
        return cancellation;
    }

    public RecordingLog recorded() {
        return log;
    }

    @Override
    public String taskId() {
        return "task-1";
    }

    @Override
    public String nodeId() {
        return "node-1";
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Map<String, Object> inputs() {
        return inputs;
    }

    @Override
    public Map<String, Object> state() {
        return state;
    }

    @Override
    public RecordingLog log() {
        return log;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public TriggerableCancellation cancellation() {
        return cancellation;
    }
}
