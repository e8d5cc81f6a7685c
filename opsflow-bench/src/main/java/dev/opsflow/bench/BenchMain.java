package dev.opsflow.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Throughput and latency benchmark of the Opsflow engine against embedded Camunda 7. Prints Markdown
 * tables and writes them into {@code docs/benchmarks.md} between the result markers.
 *
 * <pre>java -Xmx4g -jar opsflow-bench/target/opsflow-bench.jar [--db h2|h2file|h2mem|postgresql|both] [--quick]
 *      [--out docs/benchmarks.md] [--no-write] [--no-camunda]</pre>
 */
public final class BenchMain {
    static final String BEGIN = "<!-- bench:results:begin -->";
    static final String END = "<!-- bench:results:end -->";
    static final int IN_FLIGHT = 200;
    static final int[] CLIENTS = {1, 4};

    static final Flow LINEAR10 = Flow.linear("linear10", 10);
    static final Flow PARALLEL10 = Flow.parallel("parallel10", 10);
    static final Flow EXCLUSIVE = Flow.exclusive("exclusive");
    static final Flow LINEAR1000 = Flow.linear("linear1000", 1000);
    static final Flow MIXED17 = Flow.mixed17("mixed17");
    static final List<Flow> COMPARED = List.of(LINEAR10, PARALLEL10, EXCLUSIVE);

    /** Results for one database. */
    static final class DbResults {
        final Db db;
        String version = "";
        final Map<String, Result> opsflow = new LinkedHashMap<>();      // flow/K
        /** Camunda results keyed {@code history/mode/flow/K}, e.g. {@code audit/async/linear10/1}. */
        final Map<String, Result> camunda = new LinkedHashMap<>();
        final Map<String, Result> unloaded = new LinkedHashMap<>();     // flow
        final List<Double> big = new ArrayList<>();
        final List<Result> mixedRuns = new ArrayList<>();
        Result mixed;    // the median run
        Map<String, Long> linear10Events = Map.of();
        String camundaError;

        DbResults(Db db) {
            this.db = db;
        }

        /** @return Camunda's result for the history level, mode ({@code async}/{@code sync}), flow and clients, or null */
        Result cam(String history, String mode, Flow f, int k) {
            return camunda.get(history + "/" + mode + "/" + f.name() + "/" + k);
        }
    }

    /** @param started when the run began (the time the tables are stamped with) */
    record Options(boolean quick, String args, ZonedDateTime started) { }

    public static void main(String[] argv) throws Exception {
        var dbs = List.of(Db.H2_FILE, Db.H2_MEM, Db.POSTGRESQL);
        boolean quick = false, write = true, camunda = true;
        Path out = Path.of("docs/benchmarks.md");
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--quick" -> quick = true;
                case "--no-write" -> write = false;
                case "--no-camunda" -> camunda = false;
                case "--out" -> out = Path.of(argv[++i]);
                case "--db" -> dbs = switch (argv[++i]) {
                    case "h2" -> List.of(Db.H2_FILE, Db.H2_MEM);
                    case "h2file" -> List.of(Db.H2_FILE);
                    case "h2mem" -> List.of(Db.H2_MEM);
                    case "postgresql", "pg" -> List.of(Db.POSTGRESQL);
                    case "both", "all" -> List.of(Db.H2_FILE, Db.H2_MEM, Db.POSTGRESQL);
                    default -> throw new IllegalArgumentException("--db h2|h2file|h2mem|postgresql|both");
                };
                case "-h", "--help" -> {
                    System.out.println("usage: java -Xmx4g -jar opsflow-bench.jar [--db h2|h2file|h2mem|postgresql|both]"
                            + " [--quick] [--out docs/benchmarks.md] [--no-write] [--no-camunda]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + argv[i] + " (try --help)");
            }
        }
        LogWatch.install();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty(
                "org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        var opts = new Options(quick, String.join(" ", argv), ZonedDateTime.now(ZoneOffset.UTC));
        var all = new ArrayList<DbResults>();
        LOAD.add("start " + BenchSupport.loadAverage());
        for (var db : dbs) {
            var r = new DbResults(db);
            all.add(r);
            runOpsflow(r, opts);
            LOAD.add("after Opsflow on " + db.label + " " + BenchSupport.loadAverage());
            if (camunda) {
                try {
                    runCamunda(r, opts);
                } catch (Exception e) {
                    r.camundaError = e.toString();
                    e.printStackTrace();
                }
                LOAD.add("after Camunda on " + db.label + " " + BenchSupport.loadAverage());
            }
        }
        var md = markdown(all, opts);
        System.out.println();
        System.out.println(md);
        if (write) BenchSupport.writeBetweenMarkers(out, BEGIN, END, "## Results", md);
        System.exit(0);
    }

    static final List<String> LOAD = new ArrayList<>();


    static IntFunction<Map<String, Object>> vars(Flow f) {
        if (f == EXCLUSIVE) return i -> Map.of("v", i % 3 + 1);
        if (f == MIXED17) return i -> Map.of("v", i % 2 + 1);
        return i -> Map.of();
    }

    static void log(String s) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), s);
    }

    static void runOpsflow(DbResults r, Options o) throws Exception {
        int n = o.quick ? 400 : 2500, warm = o.quick ? 200 : 500, lat = o.quick ? 50 : 200;
        try (var ops = new OpsflowBench(r.db)) {
            try (var c = ops.db.ds.getConnection()) {
                var md = c.getMetaData();
                r.version = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
            }
            for (var f : List.of(LINEAR10, PARALLEL10, EXCLUSIVE, LINEAR1000, MIXED17)) ops.deploy(f);
            log("opsflow " + r.db.label + ": warm-up");
            for (var f : List.of(LINEAR10, PARALLEL10, EXCLUSIVE, MIXED17)) ops.run(f, warm, 4, IN_FLIGHT, true, vars(f));
            ops.run(LINEAR1000, 1, 1, 1, false, vars(LINEAR1000));
            for (var f : COMPARED) {
                for (int k : CLIENTS) {
                    var res = ops.run(f, n, k, IN_FLIGHT, true, vars(f));
                    if (f == LINEAR10 && k == 4) r.linear10Events = ops.eventTypes();
                    r.opsflow.put(f.name() + "/" + k, res);
                    log(String.format(Locale.ROOT, "opsflow %s %s K=%d: %.0f tasks/s, %.0f nodes/s, %.0f NODE_* events/s, p99 %d µs%s",
                            r.db.label, f.name(), k, res.tasksPerSecond(), res.nodesPerSecond(), res.eventsPerSecond(),
                            res.doneToStart().percentile(99), issues(res)));
                }
            }
            for (var f : List.of(LINEAR10, MIXED17)) {
                var res = ops.run(f, lat, 1, 1, true, vars(f));
                r.unloaded.put(f.name(), res);
                log(String.format(Locale.ROOT, "opsflow %s %s one at a time: p50 %d µs p99 %d µs", r.db.label, f.name(),
                        res.doneToStart().percentile(50), res.doneToStart().percentile(99)));
            }
            for (int i = 0; i < (o.quick ? 2 : 5); i++) {
                var res = ops.run(LINEAR1000, 1, 1, 1, false, vars(LINEAR1000));
                r.big.add(res.seconds());
                log(String.format(Locale.ROOT, "opsflow %s linear1000: %.3f s", r.db.label, res.seconds()));
            }
            for (int i = 0; i < (o.quick ? 1 : 3); i++) {
                var m = ops.run(MIXED17, 1000, 4, 1000, true, vars(MIXED17));
                r.mixedRuns.add(m);
                log(String.format(Locale.ROOT, "opsflow %s 1000 x mixed17: %.2f s%s", r.db.label, m.seconds(), issues(m)));
            }
            var byTime = r.mixedRuns.stream().sorted(java.util.Comparator.comparingDouble(Result::seconds)).toList();
            r.mixed = byTime.get(byTime.size() / 2);
        }
    }

    /** Camunda's history levels measured: {@code audit} (its default: the target) first, then {@code none}. */
    static final String TARGET_HISTORY = "audit";
    static final List<String> HISTORIES = List.of(TARGET_HISTORY, "none");

    static void runCamunda(DbResults r, Options o) throws Exception {
        int nAsync = o.quick ? 300 : 800, nSync = o.quick ? 400 : 2500, warm = o.quick ? 200 : 300;
        for (var history : HISTORIES) {
            log("camunda " + r.db.label + ": starting engine, history level " + history);
            try (var cam = new CamundaBench(r.db, history)) {
                for (var f : COMPARED) cam.deploy(f);
                log("camunda " + r.db.label + ": warm-up");
                for (var f : COMPARED) {
                    cam.run(f, false, warm, 4, IN_FLIGHT, vars(f));
                    cam.run(f, true, warm / 2, 4, IN_FLIGHT, vars(f));
                }
                for (var f : COMPARED) {
                    for (int k : CLIENTS) {
                        var a = cam.run(f, true, nAsync, k, IN_FLIGHT, vars(f));
                        var s = cam.run(f, false, nSync, k, IN_FLIGHT, vars(f));
                        r.camunda.put(history + "/async/" + f.name() + "/" + k, a);
                        r.camunda.put(history + "/sync/" + f.name() + "/" + k, s);
                        log(String.format(Locale.ROOT, "camunda(%s) %s %s K=%d: async %.0f tasks/s, sync %.0f tasks/s",
                                history, r.db.label, f.name(), k, a.tasksPerSecond(), s.tasksPerSecond()));
                    }
                }
            }
        }
    }

    // ---- report ----

    static String issues(Result r) {
        if (r.failed() == 0 && r.commitFailures() == 0) return "";
        return " (" + r.commitFailures() + " failed engine commits, "
                + r.failed() + " tasks failed or unfinished)";
    }

    static String f0(double d) {
        return String.format(Locale.ROOT, "%,.0f", d);
    }

    static String f1(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String f2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String ms(long micros) {
        return micros < 0 ? "–" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    static String markdown(List<DbResults> all, Options o) {
        var sb = new StringBuilder();
        var rt = ManagementFactory.getRuntimeMXBean();
        var cmd = "java " + String.join(" ", rt.getInputArguments()) + " -jar opsflow-bench/target/opsflow-bench.jar"
                + (o.args.isBlank() ? "" : " " + o.args);
        sb.append("Measured ").append(o.started().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" with\n\n```\n./mvnw -q -pl opsflow-bench -am package -DskipTests\n").append(cmd).append("\n```\n\n");
        sb.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (`nproc`), ")
                .append(BenchSupport.cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append("; JDK ").append(System.getProperty("java.vm.vendor"))
                .append(' ').append(System.getProperty("java.runtime.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB. Databases: ");
        sb.append(String.join("; ", all.stream().map(r -> r.db.label + " = " + r.version).toList()))
                .append(". Camunda 7.24.0 embedded; targets are judged against its default history level `audit`.")
                .append(o.quick ? " **Quick run** (fewer tasks; noisier)." : "").append("\n\n")
                .append("Load average (1/5/15 min) during the run — other processes shared the machine when it was above ~1: ")
                .append(String.join("; ", LOAD)).append(".\n\n");

        sb.append("### Throughput (").append(IN_FLIGHT).append(" tasks in flight at most)\n\n")
                .append("Camunda columns are given for its default history level `audit` (the configuration the targets are "
                        + "judged against) and for `none` (no history at all; a stricter reference).\n\n");
        sb.append("| database | flow | client threads | Opsflow tasks/s | Opsflow nodes/s | Opsflow NODE_* events/s "
                + "| Camunda async (audit) tasks/s | Camunda sync (audit) tasks/s | Opsflow ÷ Camunda async (audit) "
                + "| Opsflow ÷ Camunda sync (audit) | Camunda async (none) tasks/s | Camunda sync (none) tasks/s "
                + "| Opsflow ÷ Camunda async (none) | Opsflow ÷ Camunda sync (none) | Opsflow errors |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (var r : all) {
            for (var f : COMPARED) {
                for (int k : CLIENTS) {
                    var op = r.opsflow.get(f.name() + "/" + k);
                    sb.append("| ").append(r.db.label).append(" | ").append(f.name()).append(" | ").append(k).append(" | ")
                            .append(f0(op.tasksPerSecond())).append(" | ").append(f0(op.nodesPerSecond())).append(" | ")
                            .append(f0(op.eventsPerSecond())).append(" | ");
                    for (var h : HISTORIES) {
                        var ca = r.cam(h, "async", f, k);
                        var cs = r.cam(h, "sync", f, k);
                        sb.append(ca == null ? "–" : f0(ca.tasksPerSecond())).append(" | ")
                                .append(cs == null ? "–" : f0(cs.tasksPerSecond())).append(" | ")
                                .append(ca == null ? "–" : f2(op.tasksPerSecond() / ca.tasksPerSecond()) + "x").append(" | ")
                                .append(cs == null ? "–" : f2(op.tasksPerSecond() / cs.tasksPerSecond()) + "x").append(" | ");
                    }
                    sb.append(issues(op).isEmpty() ? "none" : issues(op).trim()).append(" |\n");
                }
            }
        }
        sb.append("\nNodes per task: linear10 ").append(LINEAR10.visitedNodes()).append(", parallel10 ")
                .append(PARALLEL10.visitedNodes()).append(", exclusive ").append(EXCLUSIVE.visitedNodes())
                .append(" (start, end, gateways and steps visited; the same count for both engines). ");
        all.stream().filter(r -> !r.linear10Events.isEmpty()).findFirst().ifPresent(r -> sb
                .append("Events committed per linear10 task on ").append(r.db.label).append(": ")
                .append(String.join(", ", r.linear10Events.entrySet().stream()
                        .map(e -> e.getKey() + " " + f1(e.getValue() / (double) r.opsflow.get("linear10/4").tasks()))
                        .toList()))
                .append(".\n"));
        for (var r : all) {
            if (r.camundaError != null) sb.append("\nCamunda on ").append(r.db.label).append(" failed: `")
                    .append(r.camundaError).append("`\n");
        }

        sb.append("\n### Cost per task\n\nCPU = CPU time of the whole benchmark JVM during the run ÷ tasks (the database"
                + " server's CPU is not included; H2 runs inside the JVM). Client = average time a client thread spent in "
                + "`createAndStart` (Opsflow) or in `startProcessInstanceByKey` (Camunda). Camunda cells give history "
                + "`audit` / `none`.\n\n"
                + "| database | flow | client threads | Opsflow CPU ms/task | Opsflow client ms "
                + "| Camunda async CPU ms/task | Camunda async client ms | Camunda sync CPU ms/task | Camunda sync client ms |\n"
                + "|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (var r : all) {
            for (var f : COMPARED) {
                for (int k : CLIENTS) {
                    var op = r.opsflow.get(f.name() + "/" + k);
                    sb.append("| ").append(r.db.label).append(" | ").append(f.name()).append(" | ").append(k).append(" | ")
                            .append(f2(op.cpuMillisPerTask())).append(" | ").append(f2(op.startMillis())).append(" | ");
                    for (var mode : List.of("async", "sync")) {
                        sb.append(pair(r, mode, f, k, Result::cpuMillisPerTask)).append(" | ")
                                .append(pair(r, mode, f, k, Result::startMillis)).append(" | ");
                    }
                    sb.setLength(sb.length() - 1);
                    sb.append("\n");
                }
            }
        }

        sb.append("\n### Successor-start latency (ms)\n\n");
        sb.append("| database | load | flow | samples | step done → successor started p50 | p99 "
                + "| NODE_FINISHED commit → successor's plugin invoked p50 | p99 | step started → successor started p50 | p99 |\n"
                + "|---|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (var r : all) {
            for (var e : r.unloaded.entrySet()) latencyRow(sb, r, "one task at a time", e.getKey(), e.getValue());
            for (var f : COMPARED) {
                for (int k : CLIENTS) {
                    latencyRow(sb, r, IN_FLIGHT + " in flight, " + k + " client" + (k > 1 ? "s" : ""), f.name(),
                            r.opsflow.get(f.name() + "/" + k));
                }
            }
            latencyRow(sb, r, "1,000 started at once (median run)", MIXED17.name(), r.mixed);
        }

        sb.append("\n### Wall times\n\n| database | 1,000-node linear flow, one task (median; all runs) "
                + "| 1,000 concurrent mixed17 tasks (17 nodes, parallel + exclusive; median; all runs) | = tasks/s | = nodes/s |\n|---|---|---|--:|--:|\n");
        for (var r : all) {
            var sorted = r.big.stream().sorted().toList();
            sb.append("| ").append(r.db.label).append(" | ").append(String.format(Locale.ROOT, "%.3f s", sorted.get(sorted.size() / 2)))
                    .append(" (").append(String.join(", ", r.big.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toList()))
                    .append(") | ").append(String.format(Locale.ROOT, "%.2f s", r.mixed.seconds())).append(" (")
                    .append(String.join(", ", r.mixedRuns.stream().map(m -> String.format(Locale.ROOT, "%.2f", m.seconds())
                            + issues(m)).toList())).append(") | ")
                    .append(f0(r.mixed.tasksPerSecond())).append(" | ").append(f0(r.mixed.nodesPerSecond())).append(" |\n");
        }

        sb.append("\n### Targets\n\nCamunda figures in this table are history level `").append(TARGET_HISTORY)
                .append("` (see the throughput table for `none`).\n\n| target | database | measured | verdict |\n|---|---|---|---|\n");
        for (var r : all) {
            boolean pg = r.db == Db.POSTGRESQL;
            for (var f : COMPARED) {
                for (int k : CLIENTS) {
                    var ca = r.cam(TARGET_HISTORY, "async", f, k);
                    if (ca == null) continue;
                    double ratio = r.opsflow.get(f.name() + "/" + k).tasksPerSecond() / ca.tasksPerSecond();
                    target(sb, "≥ 3x Camunda async tasks/s, " + f.name() + ", " + k + " client" + (k > 1 ? "s" : ""), r,
                            f2(ratio) + "x", ratio >= 3, f1(ratio / 3 * 100) + "% of target");
                }
            }
            for (int k : CLIENTS) {
                var cs = r.cam(TARGET_HISTORY, "sync", LINEAR10, k);
                if (cs == null) continue;
                double ratio = r.opsflow.get("linear10/" + k).tasksPerSecond() / cs.tasksPerSecond();
                target(sb, "≥ Camunda sync tasks/s, linear10, " + k + " client" + (k > 1 ? "s" : ""), r, f2(ratio) + "x",
                        ratio >= 1, f1(ratio * 100) + "% of target");
            }
            long limit = pg ? 25_000 : 10_000;
            // the issue's definition: from a node's completion commit to its successor's start
            var unCommit = r.unloaded.get("linear10").finishToInvoked().percentile(99);
            latencyTarget(sb, "p99 successor start < " + limit / 1000 + " ms: completion commit → successor's plugin invoked "
                    + "(linear10, one task at a time)", r, unCommit, limit);
            var loadedCommit = r.opsflow.get("linear10/4").finishToInvoked().percentile(99);
            latencyTarget(sb, "p99 successor start < " + limit / 1000 + " ms: completion commit → successor's plugin invoked "
                    + "(linear10, " + IN_FLIGHT + " in flight, 4 clients)", r, loadedCommit, limit);
            // stricter: from the plugin returning, so it also holds the wait for the completion's group commit
            var un = r.unloaded.get("linear10").doneToStart().percentile(99);
            latencyTarget(sb, "p99 successor start < " + limit / 1000 + " ms, stricter: step done → successor started "
                    + "(linear10, one task at a time)", r, un, limit);
            var loaded = r.opsflow.get("linear10/4").doneToStart().percentile(99);
            latencyTarget(sb, "p99 successor start < " + limit / 1000 + " ms, stricter: step done → successor started "
                    + "(linear10, " + IN_FLIGHT + " in flight, 4 clients)", r, loaded, limit);
            var sorted = r.big.stream().sorted().toList();
            double big = sorted.get(sorted.size() / 2);
            target(sb, "1,000-node flow < 1 s", r, String.format(Locale.ROOT, "%.3f s", big), big < 1, f1(big) + "x the limit");
            var worst = r.mixedRuns.stream().max(java.util.Comparator.comparingDouble(Result::seconds)).orElseThrow();
            boolean allOk = r.mixedRuns.stream().allMatch(m -> m.seconds() < 10 && m.failed() == 0);
            target(sb, "1,000 concurrent 17-node tasks < 10 s (every run, no failed task)", r,
                    String.format(Locale.ROOT, "median %.2f s, worst %.2f s%s", r.mixed.seconds(), worst.seconds(), issues(worst)),
                    allOk, f1(worst.seconds() / 10) + "x the limit in the worst run"
                            + (worst.failed() > 0 ? ", " + worst.failed() + " tasks failed" : ""));
        }
        return sb.toString();
    }

    static String pair(DbResults r, String mode, Flow f, int k, java.util.function.ToDoubleFunction<Result> metric) {
        var parts = new ArrayList<String>();
        for (var h : HISTORIES) {
            var res = r.cam(h, mode, f, k);
            parts.add(res == null ? "–" : f2(metric.applyAsDouble(res)));
        }
        return String.join(" / ", parts);
    }

    static void target(StringBuilder sb, String what, DbResults r, String measured, boolean met, String missBy) {
        sb.append("| ").append(what).append(" | ").append(r.db.label).append(" | ").append(measured).append(" | ")
                .append(met ? "met" : "**missed** (" + missBy + ")").append(" |\n");
    }

    /** A latency target: {@code micros} below {@code limit}; a percentile of no samples (-1) is not measured, not met. */
    static void latencyTarget(StringBuilder sb, String what, DbResults r, long micros, long limit) {
        if (micros < 0) {
            sb.append("| ").append(what).append(" | ").append(r.db.label).append(" | – | **not measured** (no samples) |\n");
            return;
        }
        target(sb, what, r, ms(micros) + " ms", micros < limit, f1(micros / (double) limit) + "x the limit");
    }

    static void latencyRow(StringBuilder sb, DbResults r, String load, String flow, Result res) {
        if (res == null || res.doneToStart() == null) return;
        sb.append("| ").append(r.db.label).append(" | ").append(load).append(" | ").append(flow).append(" | ")
                .append(res.doneToStart().count()).append(" | ")
                .append(ms(res.doneToStart().percentile(50))).append(" | ").append(ms(res.doneToStart().percentile(99)))
                .append(" | ").append(ms(res.finishToInvoked().percentile(50))).append(" | ")
                .append(ms(res.finishToInvoked().percentile(99))).append(" | ")
                .append(ms(res.startToStart().percentile(50))).append(" | ")
                .append(ms(res.startToStart().percentile(99))).append(" |\n");
    }
}
