package dev.opsflow.bench;

import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginResult;

/** The built-in {@code noop} plugin, unchanged, plus a note of the moment each attempt returned. */
final class TimedNoop implements Plugin {
    interface Sink {
        void completed(String taskId, String nodeId, long nanos);
    }

    private final Plugin delegate;
    private final Sink sink;

    TimedNoop(Plugin delegate, Sink sink) {
        this.delegate = delegate;
        this.sink = sink;
    }

    @Override
    public PluginDescriptor descriptor() {
        return delegate.descriptor();
    }

    @Override
    public PluginResult execute(PluginContext ctx) throws Exception {
        var result = delegate.execute(ctx);
        sink.completed(ctx.taskId(), ctx.nodeId(), System.nanoTime());
        return result;
    }
}
