package dev.opsflow.plugins;

import dev.opsflow.engine.plugin.Plugin;
import dev.opsflow.plugins.approval.ApprovalPlugin;
import dev.opsflow.plugins.http.HttpPlugin;
import dev.opsflow.plugins.noop.NoopPlugin;
import dev.opsflow.plugins.script.ScriptPlugin;
import dev.opsflow.plugins.timer.SleepPlugin;
import dev.opsflow.plugins.timer.WaitUntilPlugin;
import java.util.List;

/**
 * The built-in plugins, for registering with {@code PluginRegistry.of(BuiltinPlugins.all())}.
 * Each call returns fresh instances (plugins are stateless; the http plugin owns an HttpClient).
 */
public final class BuiltinPlugins {
    private BuiltinPlugins() {
    }

    /** @return one instance each of script, http, sleep, wait_until, approval and noop (all version 1) */
    public static List<Plugin> all() {
        return List.of(new ScriptPlugin(), new HttpPlugin(), new SleepPlugin(), new WaitUntilPlugin(),
                new ApprovalPlugin(), new NoopPlugin());
    }
}
