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
 * Transactions and value binding shared by the SQL classes. Instants are stored as
 * {@code TIMESTAMP WITH TIME ZONE} in UTC, truncated to microseconds (both databases keep six
 * fractional digits; truncating here makes a round trip exact instead of database-rounded).
 */
final class Jdbc {
    private final DataSource ds;

    Jdbc(DataSource ds) {
        this.ds = ds;
    }

    /** Work inside one transaction; may throw SQLException. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Binds parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: commit on return, rollback on any exception.
     *
     * @throws JdbcStoreException wrapping any SQLException
     */
    <T> T tx(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return txOnce(what, work);
            } catch (JdbcStoreException e) {
                // a deadlock or serialization failure rolled the whole transaction back: run it again
                if (attempt >= 4 || !isRetryable(e.getCause())) throw e;
            }
        }
    }

    private static boolean isRetryable(Throwable t) {
        return t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())
                || "HYT00".equals(s.getSQLState()));
    }

    private <T> T txOnce(String what, Work<T> work) {
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

    /** @return rows of a one-statement read */
    <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        return tx("query", c -> list(c, sql, binder, mapper));
    }

    /** @return the first row of a one-statement read */
    <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
        var rows = query(sql, binder, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** @return the update count of a one-statement write */
    int update(String sql, Binder binder) {
        return tx("update", c -> update(c, sql, binder));
    }

    static <T> List<T> list(Connection c, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (var rs = ps.executeQuery()) {
                var out = new ArrayList<T>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        }
    }

    static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(i, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
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
