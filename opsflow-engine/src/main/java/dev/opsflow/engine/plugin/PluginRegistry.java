package dev.opsflow.engine.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Plugins by code and version. Thread-safe. */
public final class PluginRegistry {
    private final Map<String, TreeMap<Integer, Plugin>> byCode = new ConcurrentHashMap<>();

    /**
     * @param plugins plugins to register
     * @return a registry holding them
     * @throws IllegalArgumentException on a duplicate code and version
     */
    public static PluginRegistry of(Collection<? extends Plugin> plugins) {
        var r = new PluginRegistry();
        plugins.forEach(r::register);
        return r;
    }

    /**
     * @param plugin a plugin
     * @throws IllegalArgumentException when the same code and version is already registered
     */
    public void register(Plugin plugin) {
        var d = plugin.descriptor();
        var versions = byCode.computeIfAbsent(d.code(), c -> new TreeMap<>());
        synchronized (versions) {
            if (versions.putIfAbsent(d.version(), plugin) != null) {
                throw new IllegalArgumentException("plugin " + d.code() + "@" + d.version() + " is already registered");
            }
        }
    }

    /**
     * @param code    plugin code
     * @param version requested version, null for the latest
     * @return the plugin, or empty when that code or version is unknown
     */
    public Optional<Plugin> find(String code, Integer version) {
        var versions = byCode.get(code);
        if (versions == null) return Optional.empty();
        synchronized (versions) {
            if (version == null) return versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
            return Optional.ofNullable(versions.get(version));
        }
    }

    /** @return versions registered for a code, ascending; empty when unknown */
    public List<Integer> versions(String code) {
        var versions = byCode.get(code);
        if (versions == null) return List.of();
        synchronized (versions) {
            return List.copyOf(versions.keySet());
        }
    }

    /** @return every descriptor, by code then version */
    public List<PluginDescriptor> descriptors() {
        var all = new ArrayList<PluginDescriptor>();
        byCode.values().forEach(v -> {
            synchronized (v) {
                v.values().forEach(p -> all.add(p.descriptor()));
            }
        });
        all.sort(Comparator.comparing(PluginDescriptor::code).thenComparingInt(PluginDescriptor::version));
        return all;
    }
}
