package dev.opsflow.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Transactions and value binding shared by the store's SQL classes and the job platform (opsflow-jobs),
 * so both retry the same transient failures. Instants are stored as {@code TIMESTAMP WITH TIME ZONE} in
 * UTC, truncated to microseconds (both databases keep six fractional digits; truncating here makes a
 * round trip exact instead of database-rounded). Thread-safe; holds no connection between calls.
 */
public final class Jdbc {
    /** How often {@link #tx} runs a transaction that keeps failing transiently before it gives up. */
    private static final int MAX_ATTEMPTS = 4;
    private final DataSource ds;

    /** @param ds the (pooled) data source; each transaction borrows one connection and returns it */
    public Jdbc(DataSource ds) {
        this.ds = ds;
    }

    /** Work inside one transaction; may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        /** @param c the transaction's connection (auto-commit off); do not commit, roll back or close it */
        T run(Connection c) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Binds parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: commit on return, rollback on any exception. A transient
     * failure (deadlock, serialization failure, H2 lock timeout) rolled the whole
     * transaction back, so it runs again, up to 4 times in all; {@code work} must
     * therefore have no effects outside the transaction (use {@link #txOnce} for work that has).
     *
     * @param what names the operation in the exception message, e.g. "write 12 sets"
     * @return what {@code work} returned in the attempt that committed
     * @throws JdbcStoreException wrapping the SQLException of the last attempt (connection, commit, or
     *                            thrown by {@code work}); a RuntimeException thrown by {@code work} is
     *                            rethrown unchanged after the rollback, and never retried
     */
    public <T> T tx(String what, Work<T> work) {
        return retrying(() -> txOnce(what, work));
    }

    /** Runs {@code call} again while it fails transiently (the database rolled it back), at most {@value #MAX_ATTEMPTS} times. */
    private static <T> T retrying(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (JdbcStoreException e) {
                // a deadlock or serialization failure rolled the whole transaction back: run it again
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e.getCause())) throw e;
            }
        }
    }

    /**
     * @return true for the SQLStates that mean "the transaction was rolled back by the database and may
     *         succeed if run again": {@code 40001} serialization failure (and H2's deadlock), {@code 40P01}
     *         PostgreSQL deadlock, {@code HYT00} H2 lock timeout
     */
    private static boolean isRetryable(Throwable t) {
        return t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())
                || "HYT00".equals(s.getSQLState()));
    }

    /**
     * Runs {@code work} in one transaction exactly once: like {@link #tx} without the retry, for work with
     * effects outside the transaction (a sink that streams rows to a client must not see them twice).
     *
     * @throws JdbcStoreException wrapping any SQLException, transient or not
     */
    public <T> T txOnce(String what, Work<T> work) {
        try (var c = ds.getConnection()) {
            var autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                var result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    /**
     * @return rows of a one-statement read, in the order the database returned them
     * @throws JdbcStoreException as {@link #tx}
     */
    public <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        return oneStatement("query", c -> list(c, sql, binder, mapper));
    }

    /**
     * @return the first row of a one-statement read; empty when there is none
     * @throws JdbcStoreException as {@link #tx}
     */
    public <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
        var rows = query(sql, binder, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /**
     * @return the update count of a one-statement write, in its own transaction
     * @throws JdbcStoreException as {@link #tx}
     */
    public int update(String sql, Binder binder) {
        return oneStatement("update", c -> update(c, sql, binder));
    }

    /**
     * Runs work of exactly one statement with auto-commit on: the statement is its own transaction, so
     * no explicit commit is needed — on PostgreSQL that saves a network round trip per call (the commit),
     * which is most of a small read's latency. Retried like {@link #tx}.
     */
    private <T> T oneStatement(String what, Work<T> work) {
        return retrying(() -> {
            try (var c = ds.getConnection()) {
                var autoCommit = c.getAutoCommit();
                if (!autoCommit) c.setAutoCommit(true);
                try {
                    return work.run(c);
                } finally {
                    if (!autoCommit) restoreAutoCommit(c, false);
                }
            } catch (SQLException e) {
                throw new JdbcStoreException(what, e);
            }
        });
    }

    /** @return every row of one query on {@code c}, mapped in order */
    public static <T> List<T> list(Connection c, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (var rs = ps.executeQuery()) {
                var out = new ArrayList<T>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        }
    }

    /** @return the update count of one statement on {@code c} */
    public static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    /** Binds {@code t} (null allowed) as a UTC timestamp with time zone, truncated to microseconds. */
    public static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(i, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** @return the timestamp column as an instant, or null for SQL NULL */
    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        var t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it, and the original outcome matters more
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
