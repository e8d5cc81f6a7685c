package dev.opsflow.jobs.flow;

import dev.opsflow.engine.plugin.NodeLog;
import dev.opsflow.engine.plugin.PluginResult;
import dev.opsflow.exec.HostState;
import dev.opsflow.exec.ResultGroup;
import dev.opsflow.jobs.run.RunState;
import dev.opsflow.jobs.run.RunSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a settled job run into a node result: the outputs every job plugin publishes and the
 * success or failure under the node's {@link FailWhen}.
 *
 * <p>Outputs: {@code run_id}, {@code state}, {@code total}, {@code succeeded}, {@code failed} (hosts;
 * a host counts as failed when its latest result in any step was not SUCCEEDED), {@code groups}
 * (per step, results folded by state, exit code and output; biggest first), {@code hosts} (host →
 * marker outputs, only hosts that published any) and, for a one-host run, that host's marker
 * outputs and {@code exit_code} at the top level (never replacing the keys above).
 */
final class RunOutcome {
    /** At most this many host names are listed per group; {@code count} has the total. */
    static final int GROUP_HOSTS = 100;
    /** Sample output kept per group: the last 4 KiB. */
    static final int SAMPLE_CHARS = 4096;
    private static final int LOG_SAMPLE_LINES = 20;
    static final Set<String> RESERVED = Set.of("run_id", "state", "total", "succeeded", "failed", "groups", "hosts",
            "exit_code", "plan");

    private RunOutcome() {
    }

    /** @return the outputs of {@code s} */
    static Map<String, Object> outputs(RunSummary s) {
        var hostOk = new LinkedHashMap<String, Boolean>();
        var groups = new ArrayList<Map<String, Object>>();
        Integer singleExit = null;
        boolean multiStep = s.steps().stream().filter(st -> !st.groups().isEmpty()).count() > 1;
        for (var st : s.steps()) {
            for (var g : st.groups()) {
                for (var h : g.hosts()) hostOk.merge(h, g.state() == HostState.SUCCEEDED, Boolean::logicalAnd);
                groups.add(group(g, multiStep ? st.step().name() : null));
                singleExit = g.exitCode();
            }
        }
        long failed = hostOk.values().stream().filter(ok -> !ok).count();
        var out = new LinkedHashMap<String, Object>();
        out.put("run_id", s.run().id());
        out.put("state", s.state().name());
        out.put("total", hostOk.size());
        out.put("succeeded", hostOk.size() - failed);
        out.put("failed", failed);
        out.put("groups", groups);
        var hosts = new LinkedHashMap<String, Object>();
        s.outputs().forEach((h, o) -> hosts.put(h, new LinkedHashMap<>(o)));
        out.put("hosts", hosts);
        if (hostOk.size() == 1) {
            if (singleExit != null) out.put("exit_code", singleExit);
            s.outputs().values().forEach(o -> o.forEach((k, v) -> {
                if (!RESERVED.contains(k)) out.put(k, v);
            }));
        }
        return out;
    }

    /**
     * @return Succeeded or Failed for a run that is no longer moving and not waiting for a person:
     *     SUCCEEDED succeeds; FAILED succeeds only when the policy tolerates the failed hosts (and the
     *     run did not stop before its last step); TERMINATED and BLOCKED fail
     */
    static PluginResult result(RunSummary s, FailWhen policy, NodeLog log) {
        var out = outputs(s);
        logGroups(s, log);
        long total = ((Number) out.get("total")).longValue();
        long failed = ((Number) out.get("failed")).longValue();
        var run = s.run();
        return switch (s.state()) {
            case SUCCEEDED -> PluginResult.succeeded(out);
            case FAILED -> {
                boolean stoppedEarly = run.currentStep() < s.steps().size() - 1;
                if (!stoppedEarly && total > 0 && !policy.fails(total, failed)) {
                    log.info(failed + " of " + total + " hosts did not succeed; tolerated by fail_when " + policy);
                    yield PluginResult.succeeded(out);
                }
                yield new PluginResult.Failed(failureReason(s, total, failed, policy), out);
            }
            default -> new PluginResult.Failed("job run " + run.id() + " ended " + s.state()
                    + (run.error() == null ? "" : ": " + run.error()), out);
        };
    }

    private static String failureReason(RunSummary s, long total, long failed, FailWhen policy) {
        var run = s.run();
        if (total == 0 || failed == 0) {
            return "job run " + run.id() + " FAILED" + (run.error() == null ? "" : ": " + run.error());
        }
        var parts = new ArrayList<String>();
        for (var st : s.steps()) {
            for (var g : st.groups()) {
                if (g.state() == HostState.SUCCEEDED) continue;
                parts.add(g.hosts().size() + " " + g.state() + (g.exitCode() == null ? "" : " exit " + g.exitCode())
                        + " [" + String.join(", ", g.hosts().subList(0, Math.min(5, g.hosts().size())))
                        + (g.hosts().size() > 5 ? ", ..." : "") + "]");
                if (parts.size() == 3) break;
            }
        }
        return failed + " of " + total + " hosts did not succeed (fail_when " + policy + "): " + String.join("; ", parts);
    }

    private static Map<String, Object> group(ResultGroup g, String step) {
        var m = new LinkedHashMap<String, Object>();
        if (step != null) m.put("step", step);
        m.put("state", g.state().name());
        m.put("exit_code", g.exitCode());
        m.put("count", g.hosts().size());
        m.put("hosts", List.copyOf(g.hosts().size() > GROUP_HOSTS ? g.hosts().subList(0, GROUP_HOSTS) : g.hosts()));
        m.put("sample_stdout", tail(g.sampleStdout()));
        m.put("sample_stderr", tail(g.sampleStderr()));
        m.put("error", g.error());
        return m;
    }

    private static void logGroups(RunSummary s, NodeLog log) {
        for (var st : s.steps()) {
            for (var g : st.groups()) {
                var hosts = g.hosts().subList(0, Math.min(10, g.hosts().size()));
                log.info(g.hosts().size() + (g.hosts().size() == 1 ? " host " : " hosts ") + g.state()
                        + (g.exitCode() == null ? "" : ", exit " + g.exitCode())
                        + (g.error() == null ? "" : " (" + g.error() + ")") + ": " + String.join(", ", hosts)
                        + (g.hosts().size() > hosts.size() ? ", ..." : ""));
                sample(g.sampleStdout()).forEach(log::stdout);
                sample(g.sampleStderr()).forEach(log::stderr);
            }
        }
    }

    private static List<String> sample(String text) {
        if (text == null || text.isEmpty()) return List.of();
        var lines = text.lines().toList();
        return lines.size() > LOG_SAMPLE_LINES ? lines.subList(lines.size() - LOG_SAMPLE_LINES, lines.size()) : lines;
    }

    private static String tail(String text) {
        if (text == null) return "";
        return text.length() <= SAMPLE_CHARS ? text : text.substring(text.length() - SAMPLE_CHARS);
    }

    /** @return true while the run waits for a person (paused rolling batch, confirm step) */
    static boolean waitingForPerson(RunState state) {
        return state == RunState.PAUSED || state == RunState.WAITING_CONFIRMATION;
    }
}
