package dev.opsflow.bench.ssh;

import dev.opsflow.bench.ssh.Tools.Op;
import dev.opsflow.bench.ssh.Tools.Run;
import dev.opsflow.bench.ssh.Tools.Tool;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Markdown tables and target verdicts of an SSH fan-out run. */
final class Report {
    private Report() {}

    /** Medians over the successful runs of one (tool, op, N). */
    record Summary(Tool tool, Op op, int hosts, int runs, int ok, double wall, double wallMin, double wallMax,
                   double clientMsPerHost, double sshdMsPerHost, String failure) {
        double totalMsPerHost() {
            return clientMsPerHost + sshdMsPerHost;
        }

        boolean measured() {
            return ok > 0;
        }
    }

    static Summary summarize(List<Run> all, Tool tool, Op op, int n) {
        var runs = all.stream().filter(r -> r.tool() == tool && r.op() == op && r.hosts() == n).toList();
        var ok = runs.stream().filter(Run::ok).toList();
        String failure = runs.stream().filter(r -> !r.ok()).map(Run::failure).findFirst().orElse(null);
        if (ok.isEmpty()) return new Summary(tool, op, n, runs.size(), 0, 0, 0, 0, 0, 0, failure);
        return new Summary(tool, op, n, runs.size(), ok.size(), median(ok, Run::wallSeconds),
                ok.stream().mapToDouble(Run::wallSeconds).min().orElse(0), ok.stream().mapToDouble(Run::wallSeconds).max().orElse(0),
                median(ok, Run::clientCpuSeconds) * 1000 / n, median(ok, Run::sshdCpuSeconds) * 1000 / n, failure);
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        var v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String markdown(List<Run> runs, int[] sizes, List<Tool> tools, List<Op> ops, int repeats, int fileMib,
                           String cipher, ZonedDateTime started, double minutes, Map<String, String> loads, String args) {
        var md = new StringBuilder();
        var m = SshFanoutBench.machine();
        md.append("Measured ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(" UTC")
                .append(String.format(Locale.ROOT, " (%.1f minutes) with%n%n", minutes))
                .append("```\n./mvnw -q -pl opsflow-bench -am package -DskipTests\n")
                .append("java -cp opsflow-bench/target/opsflow-bench.jar dev.opsflow.bench.ssh.SshFanoutBench")
                .append(args.isBlank() ? "" : " " + args).append("\n```\n\n")
                .append("Machine: ").append(m.get("cpus")).append(" CPUs, ").append(m.get("cpu")).append(", Linux ")
                .append(m.get("kernel")).append("; JDK ").append(m.get("jdk")).append("; ").append(m.get("openssh"))
                .append("; ").append(m.get("ansible")).append("; ").append(m.get("pssh")).append(".\n\n")
                .append("Every connection: key exchange `").append(SimulatedHosts.KEX).append("`, cipher `").append(cipher)
                .append("`, host key `").append(SimulatedHosts.HOST_KEY_ALG).append("` (the only ones the sshd instances offer).\n\n")
                .append("Load average (1/5/15 min): ");
        var parts = new ArrayList<String>();
        loads.forEach((k, v) -> parts.add(k + " " + v));
        md.append(String.join("; ", parts)).append(". Every figure is the median of ").append(repeats)
                .append(" runs that succeeded on all hosts (verified); a run that did not is counted in *runs ok* and not timed.\n\n");

        for (var op : ops) {
            md.append("### ").append(op == Op.SCRIPT ? "Script: `hostname; echo ok` on N hosts"
                    : "File push: " + fileMib + " MiB to N hosts").append("\n\n")
                    .append("| hosts | tool | wall s (median) | wall min–max | client CPU ms/host | sshd-side CPU ms/host | total CPU ms/host | Opsflow wall ÷ tool wall | runs ok |\n")
                    .append("|--:|---|--:|--:|--:|--:|--:|--:|--:|\n");
            for (int n : sizes) {
                var ops_ = summarize(runs, Tool.OPSFLOW, op, n);
                for (var tool : tools) {
                    var s = summarize(runs, tool, op, n);
                    md.append("| ").append(n).append(" | ").append(label(tool, op)).append(" | ");
                    if (!s.measured()) {
                        md.append("**failed** | | | | | | ").append(s.ok()).append('/').append(s.runs()).append(" |\n");
                        continue;
                    }
                    md.append(f2(s.wall())).append(" | ").append(f2(s.wallMin())).append("–").append(f2(s.wallMax())).append(" | ")
                            .append(f1(s.clientMsPerHost())).append(" | ").append(f1(s.sshdMsPerHost())).append(" | ")
                            .append(f1(s.totalMsPerHost())).append(" | ")
                            .append(tool == Tool.OPSFLOW || !ops_.measured() ? "" : f2(ops_.wall() / s.wall()) + "x")
                            .append(" | ").append(s.ok()).append('/').append(s.runs()).append(" |\n");
                }
            }
            md.append('\n');
        }
        var failures = runs.stream().filter(r -> !r.ok()).toList();
        if (!failures.isEmpty()) {
            md.append("Failed runs:\n\n");
            for (var r : failures) {
                md.append("- ").append(r.tool().label).append(", ").append(r.op().name().toLowerCase()).append(", ")
                        .append(r.hosts()).append(" hosts: ").append(r.failure().replace("|", "\\|")).append('\n');
            }
            md.append('\n');
        }
        md.append(targets(runs, sizes, tools, ops));
        return md.toString();
    }

    private static String targets(List<Run> runs, int[] sizes, List<Tool> tools, List<Op> ops) {
        if (!tools.contains(Tool.OPSFLOW)) return "";
        var md = new StringBuilder("### Targets\n\n| target | operation | hosts | measured | verdict |\n|---|---|--:|--:|---|\n");
        for (var op : ops) {
            for (int n : sizes) {
                var o = summarize(runs, Tool.OPSFLOW, op, n);
                var opName = op == Op.SCRIPT ? "script" : "file push";
                if (tools.contains(Tool.XARGS)) {
                    var x = summarize(runs, Tool.XARGS, op, n);
                    row(md, "Opsflow wall ≤ 1.5x xargs baseline", opName, n, o, x, o.wall() / x.wall(), "x", v -> v <= 1.5);
                }
                if (tools.contains(Tool.ANSIBLE)) {
                    var a = summarize(runs, Tool.ANSIBLE, op, n);
                    row(md, "Opsflow ≥ 5x faster than Ansible", opName, n, o, a, a.wall() / o.wall(), "x faster", v -> v >= 5);
                    row(md, "CPU/host (client + sshd) < Ansible", opName, n, o, a, o.totalMsPerHost() / a.totalMsPerHost(),
                            "x Ansible's", v -> v < 1);
                }
                if (tools.contains(Tool.PSSH)) {
                    var p = summarize(runs, Tool.PSSH, op, n);
                    row(md, "Opsflow faster than parallel-ssh/scp", opName, n, o, p, p.wall() / o.wall(), "x faster", v -> v > 1);
                    row(md, "CPU/host (client + sshd) < parallel-ssh/scp", opName, n, o, p, o.totalMsPerHost() / p.totalMsPerHost(),
                            "x pssh's", v -> v < 1);
                }
            }
        }
        return md.append('\n').toString();
    }

    private static void row(StringBuilder md, String target, String op, int n, Summary o, Summary other, double value,
                            String unit, java.util.function.DoublePredicate met) {
        md.append("| ").append(target).append(" | ").append(op).append(" | ").append(n).append(" | ");
        if (!o.measured() || !other.measured()) {
            md.append("— | ").append(!o.measured() ? "**missed** (Opsflow run failed)" : "not measured (other tool failed)").append(" |\n");
            return;
        }
        md.append(f2(value)).append(unit).append(" | ").append(met.test(value) ? "met" : "**missed**").append(" |\n");
    }

    static String label(Tool tool, Op op) {
        return switch (tool) {
            case OPSFLOW -> op == Op.SCRIPT ? "Opsflow `runScript`" : "Opsflow `pushFiles`";
            case XARGS -> op == Op.SCRIPT ? "`xargs -P N ssh`" : "`xargs -P N scp`";
            case PSSH -> op == Op.SCRIPT ? "`parallel-ssh -p N`" : "`parallel-scp -p N`";
            case ANSIBLE -> op == Op.SCRIPT ? "`ansible -m shell -f N`" : "`ansible -m copy -f N`";
        };
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
