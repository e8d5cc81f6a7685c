package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.NewTask;
import dev.opsflow.engine.store.WriteSet;
import dev.opsflow.engine.task.NodeRun;
import dev.opsflow.engine.task.NodeState;
import dev.opsflow.engine.task.TaskEvent;
import dev.opsflow.engine.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Builders for store tests. Instants are whole microseconds, as the store keeps them. */
final class StoreFixtures {
    static final String ENGINE_A = "engine-a";
    static final String ENGINE_B = "engine-b";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");
    private static final AtomicInteger IDS = new AtomicInteger();

    private StoreFixtures() {
    }

    /** @return a task id unique within the test run */
    static String taskId() {
        return "t_" + System.nanoTime() + "_" + IDS.incrementAndGet();
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A CREATED task in project "ops" from template "deploy" v1, no secrets. */
    static NewTask newTask(String id) {
        return newTask(id, "ops", Map.of("env", "prod"), Set.of(), at(0));
    }

    static NewTask newTask(String id, String project, Map<String, Object> variables, Set<String> secretNames,
                           Instant createdAt) {
        return new NewTask(id, project, "deploy " + id, "deploy", 1, variables, secretNames, Set.of("smoke"), "alice",
                createdAt, null, null, 0, TaskState.CREATED);
    }

    static TaskEvent created(String taskId) {
        return new TaskEvent(1, taskId, null, "TASK_CREATED", "alice", at(0), null, Map.of());
    }

    static TaskEvent event(String taskId, long seq, String nodeId, String type) {
        return new TaskEvent(seq, taskId, nodeId, type, TaskEvent.ENGINE, at(seq), null, Map.of("seq", seq));
    }

    static NodeRun node(String nodeId, NodeState state, int pass, int attempt) {
        var n = new NodeRun(nodeId);
        n.state = state;
        n.pass = pass;
        n.attempt = attempt;
        n.startedAt = attempt > 0 ? at(10 + attempt) : null;
        n.inputs = Map.of("script", "echo " + nodeId, "attempt", attempt);
        return n;
    }

    static WriteSetBuilder set(String taskId, String owner, long expectedVersion) {
        return new WriteSetBuilder(taskId, owner, expectedVersion);
    }

    /**
     * Builds a {@link WriteSet} that changes nothing unless told: its task state is null (unchanged), as in
     * most sets the engine writes (a node moved on, the task did not), so the task row is left alone.
     */
    static final class WriteSetBuilder {
        private final String taskId;
        private final String owner;
        private final long expectedVersion;
        private TaskState state;
        private Instant startedAt;
        private Instant finishedAt;
        private Map<String, Object> outputs;
        private final Map<String, int[]> converges = new HashMap<>();
        private boolean release;
        private final List<NodeRun> nodes = new ArrayList<>();
        private final List<TaskEvent> events = new ArrayList<>();
        private final Map<Long, String> commandResults = new LinkedHashMap<>();

        private WriteSetBuilder(String taskId, String owner, long expectedVersion) {
            this.taskId = taskId;
            this.owner = owner;
            this.expectedVersion = expectedVersion;
        }

        WriteSetBuilder state(TaskState s) { state = s; return this; }
        WriteSetBuilder started(Instant t) { startedAt = t; return this; }
        WriteSetBuilder finished(Instant t, Map<String, Object> out) { finishedAt = t; outputs = out; return this; }
        WriteSetBuilder converge(String id, int arrivals, int expected) { converges.put(id, new int[]{arrivals, expected}); return this; }
        WriteSetBuilder release() { release = true; return this; }
        WriteSetBuilder node(NodeRun n) { nodes.add(n); return this; }
        WriteSetBuilder event(TaskEvent e) { events.add(e); return this; }
        WriteSetBuilder answer(long commandId, String result) { commandResults.put(commandId, result); return this; }

        WriteSet build() {
            return new WriteSet(taskId, owner, expectedVersion, state, startedAt, finishedAt, outputs, converges,
                    release, nodes, events, commandResults);
        }
    }

    @FunctionalInterface
    interface Indexed<T> {
        T call(int i) throws Exception;
    }

    /** Runs {@code n} calls at once (released together) and returns their results by index. */
    static <T> List<T> concurrently(int n, Indexed<T> call) throws Exception {
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(n)) {
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return call.call(index);
                }));
            }
            start.countDown();
            var out = new ArrayList<T>();
            for (var f : futures) out.add(f.get());
            return out;
        }
    }
}
