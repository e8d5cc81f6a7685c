package dev.opsflow.jobs.library;

import dev.opsflow.store.jdbc.Jdbc;
import dev.opsflow.store.jdbc.JdbcStoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The job platform's view of the store's {@link Jdbc} (transactions that retry deadlocks, serialization
 * failures and H2 lock timeouts; UTC instants truncated to microseconds; use its static helpers for
 * statements on a connection), adding what only the job tables need: varargs binding, nullable ints and
 * LIKE patterns. Database errors leave as the store's {@link JdbcStoreException}, as the engine's do
 * (the server answers both 503 naming only the SQLState; the inventory looks at it for unique
 * violations). Exceptions thrown by the work itself (not found, conflicts, invalid input) pass through
 * unchanged. Thread-safe.
 */
public final class JdbcSupport {
    private final Jdbc jdbc;

    /** @param ds the (pooled) data source; each transaction borrows one connection */
    public JdbcSupport(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /**
     * Runs {@code work} in one transaction (see {@link Jdbc#tx}): commit on return, rollback on any
     * exception, run again after a transient failure, so {@code work} must have no effects outside the
     * transaction.
     *
     * @param what names the operation in the error message, e.g. "insert run"
     * @throws JdbcStoreException for a database error (its cause is the driver's SQLException)
     */
    public <T> T tx(String what, Jdbc.Work<T> work) {
        return jdbc.tx(what, work);
    }

    /**
     * Like {@link #tx} but never run twice, for work with effects outside the transaction (a sink
     * streaming rows to a client).
     *
     * @throws JdbcStoreException for any database error, transient or not
     */
    public <T> T txOnce(String what, Jdbc.Work<T> work) {
        return jdbc.txOnce(what, work);
    }

    /** @return rows of a one-statement read @throws JdbcStoreException as {@link #tx} */
    public <T> List<T> query(String sql, Jdbc.Binder binder, Jdbc.RowMapper<T> mapper) {
        return jdbc.query(sql, binder, mapper);
    }

    /** @return the first row of a one-statement read @throws JdbcStoreException as {@link #tx} */
    public <T> Optional<T> queryOne(String sql, Jdbc.Binder binder, Jdbc.RowMapper<T> mapper) {
        return jdbc.queryOne(sql, binder, mapper);
    }

    /** @return the update count of a one-statement write @throws JdbcStoreException as {@link #tx} */
    public int update(String sql, Jdbc.Binder binder) {
        return jdbc.update(sql, binder);
    }

    /** Binds every argument in order: String, Integer, Long, Boolean, Instant or null (untyped, so either database infers it). */
    public static Jdbc.Binder args(Object... values) {
        return ps -> {
            for (int i = 0; i < values.length; i++) {
                var v = values[i];
                switch (v) {
                    case null -> ps.setNull(i + 1, Types.NULL);
                    case Instant t -> Jdbc.setInstant(ps, i + 1, t);
                    case Integer n -> ps.setInt(i + 1, n);
                    case Long n -> ps.setLong(i + 1, n);
                    case Boolean b -> ps.setBoolean(i + 1, b);
                    default -> ps.setString(i + 1, v.toString());
                }
            }
        };
    }

    /** @return the int column, or null for SQL NULL */
    public static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        var v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** @return {@code text} with LIKE wildcards escaped (escape character {@code \}), lower-cased, inside %...% */
    public static String containsPattern(String text) {
        var escaped = text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
