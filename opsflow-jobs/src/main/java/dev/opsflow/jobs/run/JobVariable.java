package dev.opsflow.jobs.run;

import java.util.List;

/**
 * A job plan variable, referenced in step args, env, targets, target directories, file sources and
 * confirm messages as {@code ${name}}.
 *
 * @param type         string, secret (masked everywhere, no default), hosts (a target list), int, select
 * @param defaultValue used when the run gives no value (a list of targets for hosts)
 * @param options      allowed values of a select variable
 */
public record JobVariable(String name, Type type, Object defaultValue, boolean required, List<String> options,
                          String description) {
    /** Variable types; stored by lower-case name. */
    public enum Type { STRING, SECRET, HOSTS, INT, SELECT }

    public JobVariable {
        options = options == null ? List.of() : List.copyOf(options);
    }
}
