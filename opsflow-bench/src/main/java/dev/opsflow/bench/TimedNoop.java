package dev.opsflow.bench;

import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.engine.plugin.PluginContext;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginResult;

/** The built-in {@code noop} plugin, unchanged, plus a note of the moments each attempt was invoked and returned. */
final class TimedNoop implements Plugin {
    interface Sink {
        /** @param invoked {@code System.nanoTime()} when the attempt was called; @param returned when it returned */
        void completed(String taskId, String nodeId, long invoked, long returned);
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
        long invoked = System.nanoTime();
        var result = delegate.execute(ctx);
        sink.completed(ctx.taskId(), ctx.nodeId(), invoked, System.nanoTime());
        return result;
    }
}
