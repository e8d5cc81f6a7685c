package dev.opsflow.engine.template;

/** What a node's final failure does to its branch. */
public enum ErrorPolicy {
    /** The branch stops at the failed node until an operator retries or skips it. */
    FAIL,
    /** The node is recorded FAILED and the branch continues with empty outputs. */
    IGNORE
}
