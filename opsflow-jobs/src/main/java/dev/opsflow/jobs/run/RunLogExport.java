package dev.opsflow.jobs.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's log as text with a fixed number of queries (run, steps, hosts, then one streamed query
 * for every line): one section per step, inside it one per host attempt in the order of
 * {@link RunStore#hosts}, stderr lines prefixed with {@code [stderr] }. The lines arrive grouped by host
 * attempt in that same order ({@link RunStore#eachLogByHost}), so each header is written when its
 * first line (or a later section's) arrives; sections without lines still get their header.
 */
final class RunLogExport {
    private final Writer out;
    /** Step headers (host null) and host-attempt headers, in output order. */
    private final List<Section> sections = new ArrayList<>();
    private final Map<String, Integer> byKey = new HashMap<>();
    private int written; // sections whose header is out

    private record Section(JobStep step, JobHost host) {
    }

    private RunLogExport(Writer out, List<JobStep> steps, List<JobHost> hosts) {
        this.out = out;
        for (var step : steps) {
            sections.add(new Section(step, null));
            for (var h : hosts) {
                if (h.step() != step.index()) continue;
                byKey.put(key(h.step(), h.host(), h.attempt()), sections.size());
                sections.add(new Section(step, h));
            }
        }
    }

    /** @throws UncheckedIOException when writing to {@code out} fails */
    static void write(RunStore store, JobRun run, Writer out) {
        try {
            out.write("# job run " + run.id() + " '" + run.name() + "' (" + run.kind().name().toLowerCase() + ") " + run.state()
                    + ", started by " + run.origin().actor() + " at " + run.createdAt()
                    + (run.finishedAt() == null ? "" : ", finished at " + run.finishedAt()) + "\n");
            var export = new RunLogExport(out, store.steps(run.id()), store.hosts(run.id(), null, null, null, false));
            store.eachLogByHost(run.id(), export::line);
            export.headersUpTo(export.sections.size());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(LogEntry l) {
        var at = byKey.get(key(l.step(), l.host(), l.attempt()));
        if (at == null) return; // no host row (or its step is gone): never part of the export
        try {
            headersUpTo(at + 1);
            out.write(("stderr".equals(l.stream()) ? "[stderr] " : "") + l.line() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void headersUpTo(int end) throws IOException {
        for (; written < end; written++) {
            var s = sections.get(written);
            if (s.host() == null) {
                var step = s.step();
                out.write("\n== step " + step.index() + " '" + step.name() + "' (" + step.kind().name().toLowerCase() + "): "
                        + step.state() + (step.error() == null ? "" : " - " + step.error()) + "\n");
            } else {
                var h = s.host();
                out.write("\n--- host " + h.host() + " attempt " + h.attempt() + ": " + h.state()
                        + (h.exitCode() == null ? "" : " exit " + h.exitCode())
                        + (h.error() == null ? "" : " (" + h.error() + ")") + "\n");
            }
        }
    }

    private static String key(int step, String host, int attempt) {
        return step + "\u0000" + host + "\u0000" + attempt;
    }
}
