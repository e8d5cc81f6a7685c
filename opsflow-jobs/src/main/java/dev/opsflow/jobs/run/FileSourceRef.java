package dev.opsflow.jobs.run;

/** Where a file step takes its files from, as written in requests and plans. */
public sealed interface FileSourceRef {
    /** An uploaded artifact, by its id ({@code POST .../artifacts}). */
    record Artifact(String id) implements FileSourceRef {
    }

    /**
     * Files on a source host: {@code {"host": "web1", "path": "/var/log/*.log", "account": "ops"}}.
     *
     * @param host    one inventory target resolving to exactly one host ({@code local} allowed)
     * @param path    absolute path, or a glob in the last segment
     * @param account the account to read with; null = the step's account
     */
    record Remote(String host, String path, String account) implements FileSourceRef {
    }
}
