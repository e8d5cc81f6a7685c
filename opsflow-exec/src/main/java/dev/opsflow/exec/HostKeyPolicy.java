package dev.opsflow.exec;

/**
 * What to do with a host key that {@link KnownHosts} does not know yet. A key that differs from the
 * recorded one is always refused, whatever the policy.
 */
public enum HostKeyPolicy {
    /** Record the key of an unknown host and accept it. */
    TRUST_ON_FIRST_USE,
    /** Refuse unknown hosts: the host fails with "unknown host key for addr:port (policy: strict)". */
    STRICT
}
