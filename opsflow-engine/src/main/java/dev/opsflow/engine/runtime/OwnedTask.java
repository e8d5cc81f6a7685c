package dev.opsflow.engine.runtime;

import dev.opsflow.engine.task.Signal;
import dev.opsflow.engine.task.TaskRun;
import dev.opsflow.engine.template.CompiledTemplate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task this engine owns: its state in memory, a mailbox of signals decided one at a time, and
 * its running attempts (for cancellation).
 */
final class OwnedTask {
    /** A signal with an optional answer: the command's future and/or its inbox id. */
    record Job(Signal signal, CompletableFuture<Void> answer, Long commandId) { }

    final TaskRun run;
    final CompiledTemplate template;
    final ConcurrentLinkedQueue<Job> mailbox = new ConcurrentLinkedQueue<>();
    final AtomicBoolean draining = new AtomicBoolean();
    /** nodeId to the running attempt's context. */
    final Map<String, AttemptContext> running = new ConcurrentHashMap<>();
    /** Set when a write failed or was fenced off: the in-memory state can no longer be trusted. */
    volatile boolean lost;
    /** The commit that releases the task (it ended or needs no owner), once decided. */
    volatile CompletableFuture<Boolean> releasing;
    /** A task created in memory whose row is inserted by its first write set (create-and-start). */
    dev.opsflow.engine.store.NewTask pendingInsert;
    dev.opsflow.engine.task.TaskEvent pendingCreated;

    OwnedTask(TaskRun run, CompiledTemplate template) {
        this.run = run;
        this.template = template;
    }

    String id() {
        return run.id;
    }
}
