package dev.opsflow.jobs.flow;

import dev.opsflow.engine.plugin.Cancellation;
import dev.opsflow.engine.plugin.NodeLog;
import dev.opsflow.engine.plugin.PluginContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plugin context for one attempt: given inputs and state, a recording log, the system clock. */
record TestContext(String taskId, String nodeId, int attempt, Map<String, Object> inputs, Map<String, Object> state,
                   Lines lines) implements PluginContext {

    /** Log lines as {@code "info: ..."}, {@code "stdout: ..."}, {@code "stderr: ..."}. */
    static final class Lines implements NodeLog {
        final List<String> all = new CopyOnWriteArrayList<>();

        @Override public void stdout(String line) { all.add("stdout: " + line); }
        @Override public void stderr(String line) { all.add("stderr: " + line); }
        @Override public void info(String line) { all.add("info: " + line); }
    }

    static TestContext of(Map<String, Object> inputs) {
        return new TestContext("t_test", "node", 1, inputs, Map.of(), new Lines());
    }

    TestContext withState(Map<String, Object> next) {
        return new TestContext(taskId, nodeId, attempt, inputs, next, lines);
    }

    @Override
    public NodeLog log() {
        return lines;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Cancellation cancellation() {
        return new Cancellation() {
            @Override public boolean isCancelled() { return false; }
            @Override public String reason() { return null; }
            @Override public void onCancel(Runnable action) { }
        };
    }
}
