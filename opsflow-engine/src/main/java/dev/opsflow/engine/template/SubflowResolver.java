package dev.opsflow.engine.template;

import java.util.Optional;

/** Looks up a child template for validating subflow nodes (the server answers from its store). */
@FunctionalInterface
public interface SubflowResolver {
    /**
     * @param name    template name in the same project
     * @param version pinned version, null for the latest
     * @return the template, or empty when there is no such template or version
     */
    Optional<Template> resolve(String name, Integer version);
}
