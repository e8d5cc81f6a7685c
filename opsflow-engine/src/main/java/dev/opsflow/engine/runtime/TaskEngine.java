package dev.opsflow.engine.runtime;

import dev.opsflow.engine.plugin.PluginRegistry;
import dev.opsflow.engine.store.TaskRepository;
import dev.opsflow.engine.task.Decider;
import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.StateConflictException;
import dev.opsflow.engine.task.TaskEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of one server process: owns tasks through database leases, decides their signals one at
 * a time per task, commits every decision (group commit across tasks) and only then runs plugins,
 * arms timers and cancels attempts. Operator commands for tasks another replica owns travel through
 * the database inbox.
 *
 * <p>Background loops are public {@link Runnable}-like methods ({@link #claimOrphans()},
 * {@link #renewLeases()}, {@link #readInbox()}) so tests can drive them; {@link #start()} schedules them.
 */
public final class TaskEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskEngine.class);

    final TaskRepository repository;
    final TemplateCatalog catalog;
    final PluginRegistry plugins;
    final Decider decider;
    final Clock clock;
    final EngineConfig config;
    final StateWriter[] writers;
    final LogWriter logs;
    final ScheduledExecutorService timers;
    final Map<String, OwnedTask> owned = new ConcurrentHashMap<>();
    final List<Consumer<List<TaskEvent>>> listeners = new CopyOnWriteArrayList<>();
    final TaskProcessor processor;
    final Recovery recovery;
    final TaskCreator creator;

    /**
     * @param repository storage port
     * @param catalog    templates
     * @param plugins    registered plugins
     * @param decider    the pure decider
     * @param clock      engine time
     * @param config     tuning
     */
    public TaskEngine(TaskRepository repository, TemplateCatalog catalog, PluginRegistry plugins, Decider decider,
                      Clock clock, EngineConfig config) {
        this.repository = repository;
        this.catalog = catalog;
        this.plugins = plugins;
        this.decider = decider;
        this.clock = clock;
        this.config = config;
        this.writers = new StateWriter[Math.max(1, config.writers())];
        for (int i = 0; i < writers.length; i++) writers[i] = new StateWriter(repository, config.maxBatch(), i);
        this.logs = new LogWriter(repository);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("opsflow-timers").unstarted(r));
        this.processor = new TaskProcessor(this);
        this.recovery = new Recovery(this);
        this.creator = new TaskCreator(this);
    }

    /** Schedules the background loops (claim, lease renewal, inbox) and claims orphans at once. */
    public void start() {
        long lease = config.lease().toMillis();
        timers.scheduleWithFixedDelay(guard(this::renewLeases), lease / 3, lease / 3, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(guard(this::claimOrphans), 0, config.claimInterval().toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(guard(this::readInbox), config.inboxInterval().toMillis(),
                config.inboxInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private Runnable guard(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("background loop failed; it runs again at its next interval", e);
            }
        };
    }

    /** @param listener called (on a writer thread; must not block) with events right after they commit */
    public void addListener(Consumer<List<TaskEvent>> listener) {
        listeners.add(listener);
    }

    /** @return creates tasks from stored templates */
    public TaskCreator creator() {
        return creator;
    }

    /** @return the template catalog */
    public TemplateCatalog catalog() {
        return catalog;
    }

    /** @return the id this engine uses as lease owner */
    public String ownerId() {
        return config.ownerId();
    }

    /** @return how many tasks this engine owns right now */
    public int ownedCount() {
        return owned.size();
    }

    /**
     * Delivers an operator command (or any signal) to a task and waits until it is committed.
     *
     * @throws NoSuchElementException  when the task does not exist
     * @throws StateConflictException  when the command is not allowed in the task's state (409)
     * @throws IllegalArgumentException when the command is malformed (unknown node, bad payload)
     * @throws IllegalStateException   when the owner did not answer within the command timeout
     */
    public void execute(String taskId, Signal signal) {
        await(submit(taskId, signal, null));
    }

    /**
     * Delivers a callback (approval decision or external event) to a WAITING node's plugin.
     *
     * @param eventType NODE_APPROVED, NODE_REJECTED or NODE_CALLBACK
     */
    public void callback(String taskId, String nodeId, String eventType, Map<String, Object> payload, String actor) {
        execute(taskId, new Signal.Callback(nodeId, eventType, payload, actor));
    }

    /** Decides a signal for a task this engine owns and waits for its commit. */
    void runOwned(OwnedTask task, Signal signal) {
        var answer = new CompletableFuture<Void>();
        processor.enqueue(task, new OwnedTask.Job(signal, answer, null));
        await(answer);
    }

    CompletableFuture<Void> submit(String taskId, Signal signal, Long commandId) {
        var task = owned.get(taskId);
        if (task == null) task = recovery.tryAdopt(taskId);
        if (task != null) {
            var answer = new CompletableFuture<Void>();
            processor.enqueue(task, new OwnedTask.Job(signal, answer, commandId));
            return answer;
        }
        if (commandId != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("task " + taskId + " is not owned here"));
        }
        return CompletableFuture.runAsync(() -> viaInbox(taskId, signal));
    }

    private void viaInbox(String taskId, Signal signal) {
        var id = repository.enqueueCommand(taskId, signal.actor(), Commands.toPayload(signal), clock.instant());
        long deadline = System.nanoTime() + config.commandTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            var result = repository.commandResult(id);
            if (result.isPresent()) {
                Commands.rethrow(result.get());
                return;
            }
            // the owner may have died or released the task meanwhile
            if (owned.containsKey(taskId) || recovery.tryAdopt(taskId) != null) {
                repository.answerCommand(id, "error:superseded");
                await(submit(taskId, signal, null));
                return;
            }
            try {
                Thread.sleep(Math.max(20, config.inboxInterval().toMillis() / 4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the task's owner");
            }
        }
        throw new IllegalStateException("the server owning task " + taskId + " did not answer within "
                + config.commandTimeout().toSeconds() + "s");
    }

    private void await(CompletableFuture<Void> f) {
        try {
            f.get(config.commandTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("command not committed within " + config.commandTimeout().toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    // ---- background loops ----

    /** Claims tasks without a live owner and recovers them. */
    public void claimOrphans() {
        var now = clock.instant();
        var ids = repository.claimOrphans(config.ownerId(), now.plus(config.lease()), now, 100);
        for (var id : ids) recovery.adoptClaimed(id);
    }

    /** Extends the leases of every owned task. */
    public void renewLeases() {
        // through the writer thread: renewing on another thread would lock the task rows in another order
        // than the group commit and could deadlock with it
        if (owned.isEmpty()) return;
        var until = clock.instant().plus(config.lease());
        var partitions = new java.util.ArrayList<java.util.List<String>>();
        for (int i = 0; i < writers.length; i++) partitions.add(new java.util.ArrayList<>());
        for (var id : owned.keySet()) partitions.get(partition(id)).add(id);
        for (int i = 0; i < writers.length; i++) {
            var ids = partitions.get(i);
            if (!ids.isEmpty()) writers[i].renewLeases(() -> repository.renewLeases(config.ownerId(), ids, until));
        }
    }

    /** Reads commands other replicas left for tasks this engine owns. */
    public void readInbox() {
        for (var c : repository.pendingCommands(config.ownerId(), 100)) {
            Signal signal;
            try {
                signal = Commands.fromPayload(c.payload(), c.actor());
            } catch (RuntimeException e) {
                repository.answerCommand(c.id(), "error:400:" + e.getMessage());
                continue;
            }
            submit(c.taskId(), signal, c.id()).exceptionally(e -> {
                var cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                repository.answerCommand(c.id(), Commands.errorResult(cause));
                return null;
            });
        }
    }

    /** Stops loops and writers; owned tasks keep their leases until they expire (as after a crash). */
    @Override
    public void close() {
        timers.shutdownNow();
        for (var t : owned.values()) t.running.values().forEach(a -> a.cancel("server shutting down"));
        for (var w : writers) w.close();
        logs.close();
        try {
            repository.releaseAll(config.ownerId());
        } catch (RuntimeException e) {
            log.warn("could not release task leases; they expire after {}", config.lease(), e);
        }
    }

    /** @return the writer partition of a task: a task's decisions always go through the same writer */
    int partition(String taskId) {
        return Math.floorMod(taskId.hashCode(), writers.length);
    }

    StateWriter writerFor(String taskId) {
        return writers[partition(taskId)];
    }
}
