package dev.opsflow.jobs.inventory;

import dev.opsflow.engine.task.StateConflictException;

/**
 * A write conflicts with what is stored: the name is taken, or the thing is still in use (a
 * credential referenced by an account). Answered 409 by the server.
 */
public class InventoryConflictException extends StateConflictException {
    /** @param message names the thing and the reason, e.g. "host 'web1' already exists in project 'p'" */
    public InventoryConflictException(String message) {
        super(message);
    }
}
