package dev.opsflow.bench;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;

/**
 * Embedded Camunda 7 on its own fresh database/schema: standalone configuration, job executor on,
 * the given history level, UUID ids, metrics off; everything else default (job executor: 3-10 threads,
 * 3 jobs per acquisition).
 */
final class CamundaBench implements AutoCloseable {
    final Db.Handle db;
    final ProcessEngine engine;

    /** @param history Camunda history level: {@code none} or {@code audit} (Camunda's default) */
    CamundaBench(Db kind, String history) throws Exception {
        db = kind.open("camunda", 12);
        var cfg = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration();
        cfg.setDataSource(db.ds);
        cfg.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        if (db.schema != null) {
            cfg.setDatabaseSchema(db.schema);
            cfg.setDatabaseTablePrefix(db.schema + ".");
        }
        cfg.setHistory(history);
        cfg.setJobExecutorActivate(true);
        cfg.setMetricsEnabled(false);
        cfg.setDbMetricsReporterActivate(false);
        cfg.setIdGenerator(new StrongUuidGenerator());
        cfg.setProcessEngineName("bench-" + kind.name().toLowerCase() + "-" + history);
        engine = cfg.buildProcessEngine();
    }

    /** Deploys {@code flow} twice: key {@code name_async} (asyncBefore on each step) and {@code name_sync}. */
    void deploy(Flow flow) {
        engine.getRepositoryService().createDeployment()
                .addModelInstance(flow.name() + "_async.bpmn",
                        CamundaFlows.model(new Flow(flow.name() + "_async", flow.nodes(), flow.usesVar()), true))
                .addModelInstance(flow.name() + "_sync.bpmn",
                        CamundaFlows.model(new Flow(flow.name() + "_sync", flow.nodes(), flow.usesVar()), false))
                .deploy();
    }

    /** Starts {@code n} instances from {@code threads} clients, at most {@code inFlight} not ended; waits until all ended. */
    Result run(Flow flow, boolean async, int n, int threads, int inFlight, IntFunction<Map<String, Object>> vars)
            throws Exception {
        var key = flow.name() + (async ? "_async" : "_sync");
        var permits = new Semaphore(inFlight);
        var done = new CountDownLatch(n);
        var error = new AtomicReference<Throwable>();
        CamundaFlows.Ended.onCommitted = () -> {
            permits.release();
            done.countDown();
        };
        var next = new AtomicLong();
        var clients = new ArrayList<Thread>();
        var runtime = engine.getRuntimeService();
        long cpu0 = Result.processCpuNanos();
        var startNanos = new java.util.concurrent.atomic.LongAdder();
        long t0 = System.nanoTime();
        for (int c = 0; c < threads; c++) {
            clients.add(Thread.ofPlatform().name("camunda-client-" + c).start(() -> {
                try {
                    for (long i; (i = next.getAndIncrement()) < n; ) {
                        permits.acquire();
                        long s0 = System.nanoTime();
                        runtime.startProcessInstanceByKey(key, vars.apply((int) i));
                        startNanos.add(System.nanoTime() - s0);
                    }
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                    while (done.getCount() > 0) done.countDown();
                }
            }));
        }
        if (!done.await(600, TimeUnit.SECONDS)) throw new IllegalStateException("instances did not end within 600 s");
        double secs = (System.nanoTime() - t0) / 1e9;
        long cpu = Result.processCpuNanos() - cpu0;
        for (var c : clients) c.join();
        CamundaFlows.Ended.onCommitted = () -> { };
        if (error.get() != null) throw new IllegalStateException("client failed", error.get());
        long open = engine.getRuntimeService().createProcessInstanceQuery().count();
        return new Result(n, secs, (long) n * flow.visitedNodes(), 0, open, 0, null, null, null, cpu, startNanos.sum());
    }

    @Override
    public void close() throws Exception {
        engine.close();
        db.close();
    }
}
