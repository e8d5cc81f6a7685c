package dev.opsflow.engine.plugin;

/**
 * Append-only log of one node attempt. Thread-safe. Every line is masked (secret values replaced by
 * {@code ******}) before it is stored or shown.
 */
public interface NodeLog {
    /** Appends one line of the process's standard output. */
    void stdout(String line);

    /** Appends one line of the process's standard error. */
    void stderr(String line);

    /** Appends a line written by the plugin itself (e.g. "GET https://... -> 200"). */
    void info(String line);
}
