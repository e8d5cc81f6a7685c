package dev.opsflow.jobs.flow;

import java.util.Optional;

/**
 * Port from the job plugins to the flow engine's task records: the project a task belongs to and who
 * created it. The plugin context carries only the task id; the server answers from its task store.
 */
@FunctionalInterface
public interface TaskLookup {
    /** The project of a task and its creator (recorded as the job run's {@code startedBy}). */
    record TaskOwner(String project, String operator) {
    }

    /** @return the task's owner, or empty when the task is unknown (or no store is wired) */
    Optional<TaskOwner> find(String taskId);

    /** A lookup that knows no task: the plugins then use their {@code project} and {@code operator} inputs. */
    static TaskLookup none() {
        return id -> Optional.empty();
    }
}
