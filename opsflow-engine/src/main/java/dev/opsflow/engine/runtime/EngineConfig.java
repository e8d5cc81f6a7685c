package dev.opsflow.engine.runtime;

import java.time.Duration;

/**
 * Tuning of one engine instance.
 *
 * @param ownerId        unique id of this process among the replicas (e.g. host:pid:random)
 * @param lease          how long a claim on a task lasts without renewal
 * @param claimInterval  how often orphaned tasks are looked for
 * @param inboxInterval  how often the command inbox is read
 * @param maxBatch       most write sets committed in one transaction
 * @param commandTimeout how long an operator command waits for the task's owner to answer
 * @param writers        group-commit writer threads (each with its own connection; tasks are partitioned
 *                       by id so each task's decisions stay in order). 1 suits H2; 2-4 overlap commit
 *                       waits on PostgreSQL
 */
public record EngineConfig(String ownerId, Duration lease, Duration claimInterval, Duration inboxInterval,
                           int maxBatch, Duration commandTimeout, int writers) {
    /** Without an explicit writer count: one writer. */
    public EngineConfig(String ownerId, Duration lease, Duration claimInterval, Duration inboxInterval, int maxBatch,
                        Duration commandTimeout) {
        this(ownerId, lease, claimInterval, inboxInterval, maxBatch, commandTimeout, 1);
    }

    /** @return defaults: 15 s lease, 1 s claim poll, 200 ms inbox poll, 512 sets per commit, 10 s command timeout */
    public static EngineConfig defaults(String ownerId) {
        return new EngineConfig(ownerId, Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofMillis(200), 512,
                Duration.ofSeconds(10));
    }

    /** @return a copy with another lease */
    public EngineConfig withLease(Duration lease) {
        return new EngineConfig(ownerId, lease, claimInterval, inboxInterval, maxBatch, commandTimeout, writers);
    }

    /** @return a copy with another number of writer threads (at least 1) */
    public EngineConfig withWriters(int writers) {
        return new EngineConfig(ownerId, lease, claimInterval, inboxInterval, maxBatch, commandTimeout,
                Math.max(1, writers));
    }
}
