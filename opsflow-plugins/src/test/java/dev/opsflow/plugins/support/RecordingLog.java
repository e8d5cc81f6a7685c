package dev.opsflow.plugins.support;

import dev.opsflow.engine.plugin.NodeLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every log line in order as "out: ...", "err: ..." or "info: ...". Thread-safe. */
public final class RecordingLog implements NodeLog {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void stdout(String line) {
        lines.add("out: " + line);
    }

    @Override
    public void stderr(String line) {
        lines.add("err: " + line);
    }

    @Override
    public void info(String line) {
        lines.add("info: " + line);
    }

    /** @return a snapshot of all lines */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return stdout lines without prefix */
    public List<String> stdout() {
        return stripped("out: ");
    }

    /** @return stderr lines without prefix */
    public List<String> stderr() {
        return stripped("err: ");
    }

    /** @return info lines without prefix */
    public List<String> info() {
        return stripped("info: ");
    }

    private List<String> stripped(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }
}
