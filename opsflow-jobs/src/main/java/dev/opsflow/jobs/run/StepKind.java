package dev.opsflow.jobs.run;

/** What a step does: run a script, push files, or wait for a person to confirm. */
public enum StepKind {
    SCRIPT, FILE, CONFIRM;

    /** @return null when {@code s} is not a step kind */
    static StepKind parseOrNull(String s) {
        if (s == null) return null;
        for (var k : values()) if (k.name().equalsIgnoreCase(s)) return k;
        return null;
    }
}
