package dev.opsflow.bench;

import dev.opsflow.engine.expr.Expressions;
import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.runtime.EngineConfig;
import dev.opsflow.engine.runtime.TaskCreator;
import dev.opsflow.engine.runtime.TaskEngine;
import dev.opsflow.engine.runtime.TemplateCatalog;
import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.engine.task.Decider;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.template.TemplateCompiler;
import dev.opsflow.plugins.BuiltinPlugins;
import dev.opsflow.store.jdbc.JdbcStores;
import dev.opsflow.store.jdbc.JdbcTaskRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/** Opsflow wired in-process exactly like the server's tests do, plus an event listener that measures. */
final class OpsflowBench implements AutoCloseable {
    final Db.Handle db;
    final TaskEngine engine;
    private volatile Run current;
    /** NODE_ and TASK_ event types seen in the last run, with counts (for the documentation). */
    final Map<String, LongAdder> lastEventTypes = new ConcurrentHashMap<>();

    OpsflowBench(Db kind) throws Exception {
        db = kind.open("opsflow", 8);
        JdbcStores.migrate(db.ds);
        var repo = new JdbcTaskRepository(db.ds, new SecretCodec(SecretCodec.newKey()));
        // the built-in plugins, with noop wrapped to note when each attempt returned (for the latency figures)
        var plugins = PluginRegistry.of(BuiltinPlugins.all().stream()
                .map(p -> p.descriptor().code().equals("noop") ? new TimedNoop(p, this::completed) : p).toList());
        var expressions = new Expressions();
        var clock = Clock.systemUTC();
        var catalog = new TemplateCatalog(repo, r -> new TemplateCompiler(plugins, expressions, r), clock);
        // as the server does: several group-commit writers on PostgreSQL overlap commit waits; one on H2
        var config = EngineConfig.defaults("bench-" + ProcessHandle.current().pid())
                .withWriters(Integer.getInteger("opsflow.bench.writers", db.ds.getJdbcUrl().startsWith("jdbc:postgresql:") ? 4 : 1));
        engine = new TaskEngine(repo, catalog, plugins, new Decider(expressions), clock, config);
        engine.addListener(this::onEvents);
        engine.start();
        repo.ensureProject("default", null, clock.instant());
    }

    void deploy(Flow f) {
        engine.catalog().save("default", f.name(), f.yaml(), "bench");
    }

    /** Per-task timestamps of NODE_STARTED / NODE_FINISHED (nanoTime when the listener saw the commit, and {@code at}). */
    static final class Trace {
        final Map<String, long[]> started = new HashMap<>();   // node -> {nanos, atMicros}
        final Map<String, long[]> finished = new HashMap<>();
        final Map<String, Long> completed = new HashMap<>();     // node -> nanos when the noop plugin returned
        final Map<String, Long> invoked = new HashMap<>();       // node -> nanos when the noop plugin was called
    }

    private void completed(String taskId, String nodeId, long invoked, long nanos) {
        var r = current;
        if (r == null || !r.trace) return;
        var t = r.traces.computeIfAbsent(taskId, k -> new Trace());
        synchronized (t) {
            t.completed.put(nodeId, nanos);
            t.invoked.put(nodeId, invoked);
        }
    }

    final class Run {
        final Flow flow;
        final Semaphore inFlight;
        final CountDownLatch done;
        final LongAdder nodeEvents = new LongAdder();
        final LongAdder negative = new LongAdder();
        final AtomicLong failed = new AtomicLong();
        final boolean trace;
        final Map<String, Trace> traces = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Run(Flow flow, int tasks, int inFlight, boolean trace) {
            this.flow = flow;
            this.inFlight = new Semaphore(inFlight);
            this.done = new CountDownLatch(tasks);
            this.trace = trace;
        }
    }

    private void onEvents(List<TaskEvent> events) {
        long now = System.nanoTime();
        var r = current;
        if (r == null) return;
        for (var e : events) {
            var type = e.type();
            lastEventTypes.computeIfAbsent(type, k -> new LongAdder()).increment();
            if (type.startsWith("NODE_")) {
                r.nodeEvents.increment();
                if (r.trace && (type.equals("NODE_STARTED") || type.equals("NODE_FINISHED"))) {
                    var t = r.traces.computeIfAbsent(e.taskId(), k -> new Trace());
                    long at = e.at().getEpochSecond() * 1_000_000L + e.at().getNano() / 1000;
                    synchronized (t) {
                        (type.equals("NODE_STARTED") ? t.started : t.finished).put(e.nodeId(), new long[] {now, at});
                        // start, end, gateways and converges finish in one transition: that is their start
                        if (type.equals("NODE_FINISHED")) t.started.putIfAbsent(e.nodeId(), new long[] {now, at});
                    }
                }
            } else if (e.nodeId() == null && (type.equals("TASK_FINISHED") || type.equals("TASK_FAILED")
                    || type.equals("TASK_REVOKED"))) {
                if (!type.equals("TASK_FINISHED")) r.failed.incrementAndGet();
                r.inFlight.release();
                r.done.countDown();
            }
        }
    }

    /**
     * Starts {@code n} tasks of {@code flow} from {@code threads} client threads with at most
     * {@code inFlight} unfinished at once, and waits until all finished.
     */
    Result run(Flow flow, int n, int threads, int inFlight, boolean trace, IntFunction<Map<String, Object>> vars)
            throws Exception {
        var r = new Run(flow, n, inFlight, trace);
        lastEventTypes.clear();
        current = r;
        var next = new AtomicLong();
        var clients = new ArrayList<Thread>();
        long failuresBefore = LogWatch.COMMIT_FAILURES.sum();
        long cpu0 = Result.processCpuNanos();
        var startNanos = new LongAdder();
        long t0 = System.nanoTime();
        for (int c = 0; c < threads; c++) {
            clients.add(Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                try {
                    for (long i; (i = next.getAndIncrement()) < n; ) {
                        r.inFlight.acquire();
                        // create and start in one commit, as the API does (POST .../tasks)
                        long c0 = System.nanoTime();
                        engine.creator().createAndStart(TaskCreator.Request.of("default", flow.name(), null, null,
                                vars.apply((int) i), Set.of(), "bench"));
                        startNanos.add(System.nanoTime() - c0);
                    }
                } catch (Throwable e) {
                    r.error.compareAndSet(null, e);
                    while (r.done.getCount() > 0) r.done.countDown();
                }
            }));
        }
        long unfinished = 0;
        if (!r.done.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            unfinished = r.done.getCount();
            System.out.println("  WARNING: " + unfinished + " of " + n + " tasks of " + flow.name()
                    + " not finished after " + WAIT_SECONDS + " s; giving up on them");
            while (r.done.getCount() > 0) r.done.countDown();
            for (int c = 0; c < threads + n; c++) r.inFlight.release();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long cpu = Result.processCpuNanos() - cpu0;
        for (var c : clients) c.join();
        current = null;
        if (r.error.get() != null) throw new IllegalStateException("client failed", r.error.get());
        Stats done2s = null, f2s = null, s2s = null;
        if (trace) {
            done2s = new Stats();
            f2s = new Stats();
            s2s = new Stats();
            var preds = flow.predecessors();
            for (var t : r.traces.values()) {
                for (var e : t.started.entrySet()) {
                    long started = e.getValue()[0];
                    long done = -1, fin = -1, st = -1;
                    for (var p : stepPredecessors(flow, preds, t, e.getKey())) {
                        done = Math.max(done, t.completed.get(p));
                        var f = t.finished.get(p);
                        if (f != null) fin = Math.max(fin, f[0]);
                        var s0 = t.started.get(p);
                        if (s0 != null) st = Math.max(st, s0[0]);
                    }
                    if (done >= 0) done2s.add(Math.max(0, started - done) / 1000);
                    var invoked = t.invoked.get(e.getKey());
                    if (fin >= 0 && invoked != null) f2s.add(Math.max(0, invoked - fin) / 1000);
                    if (st >= 0) s2s.add(Math.max(0, started - st) / 1000);
                    if (done >= 0 && started < done) r.negative.increment();
                }
            }
        }
        if (r.negative.sum() > 0) System.out.println("  note: " + r.negative.sum() + " successors started before their step predecessor returned");
        return new Result(n, secs, (long) n * flow.visitedNodes(), r.nodeEvents.sum(), r.failed.get() + unfinished,
                LogWatch.COMMIT_FAILURES.sum() - failuresBefore, done2s, f2s, s2s, cpu, startNanos.sum());
    }

    static final int WAIT_SECONDS = 120;

    /** The nearest step (TASK) predecessors of {@code node} that ran in this task, looking through gateways. */
    private static List<String> stepPredecessors(Flow flow, Map<String, List<String>> preds, Trace t, String node) {
        var out = new ArrayList<String>();
        for (var p : preds.get(node)) {
            if (flow.node(p).kind() == Flow.Kind.TASK) {
                if (t.completed.containsKey(p)) out.add(p);
            } else {
                out.addAll(stepPredecessors(flow, preds, t, p));
            }
        }
        return out;
    }

    Map<String, Long> eventTypes() {
        var m = new TreeMap<String, Long>();
        lastEventTypes.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Override
    public void close() throws Exception {
        engine.close();
        db.close();
    }
}
