package dev.opsflow.jobs.run;

/**
 * A library script by name and version.
 *
 * @param version null means "the highest ONLINE version" (quick execution only; plan steps pin a version)
 */
public record ScriptRef(String name, Integer version) {
}
