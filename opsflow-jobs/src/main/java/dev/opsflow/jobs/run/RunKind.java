package dev.opsflow.jobs.run;

/** What a job run executes. Stored and filtered by lower-case name ({@code ?kind=script}). */
public enum RunKind {
    /** A quick script execution. */
    SCRIPT,
    /** A quick file distribution. */
    FILE,
    /** A job plan. */
    PLAN;

    /** @throws IllegalArgumentException listing the accepted names */
    public static RunKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kind: expected script, file or plan but got '" + s + "'");
        }
    }
}
