package dev.opsflow.engine.template;

/**
 * An outgoing edge of a gateway.
 *
 * @param to        target node id
 * @param when      boolean expression (JEXL, with or without a surrounding {@code ${}}); null for
 *                  parallel branches and for the default branch
 * @param isDefault the branch taken when no condition holds (exclusive, inclusive)
 */
public record Branch(String to, String when, boolean isDefault) {
}
