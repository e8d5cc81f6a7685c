package dev.opsflow.store.jdbc;

import java.sql.SQLException;

/**
 * A database call failed (connection lost, constraint violated, serialization failure...). The
 * transaction it ran in was rolled back, so nothing of the call was stored. Unchecked because the
 * engine's storage port is; the {@link SQLException} is the cause.
 */
public final class JdbcStoreException extends RuntimeException {
    /**
     * @param what  the operation, e.g. "write 12 sets"
     * @param cause the driver's exception
     */
    public JdbcStoreException(String what, SQLException cause) {
        super(what + " failed: " + cause.getMessage() + " (SQLState " + cause.getSQLState() + ")", cause);
    }

    /** @return the SQLState of the cause, e.g. {@code 23505} for a unique violation */
    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }
}
