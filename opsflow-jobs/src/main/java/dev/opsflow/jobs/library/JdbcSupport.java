package dev.opsflow.jobs.library;

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
 * Transactions and value binding for the job-platform tables (library and run packages). Instants are
 * {@code TIMESTAMP WITH TIME ZONE} in UTC truncated to microseconds, so a round trip is exact on H2 and
 * PostgreSQL. Every SQLException leaves as {@link IllegalStateException} (answered 503 by the server).
 */
public final class JdbcSupport {
    private final DataSource ds;

    public JdbcSupport(DataSource ds) {
        this.ds = ds;
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
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

    /** Runs {@code work} in one transaction: commit on return, rollback on any exception. */
    public <T> T tx(String what, Work<T> work) {
        try (var c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                var result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a broken connection: the pool discards it; the work's own outcome stands
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database error (" + what + "): " + e.getMessage(), e);
        }
    }

    public <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        return tx("query", c -> list(c, sql, binder, mapper));
    }

    public <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
        var rows = query(sql, binder, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public int update(String sql, Binder binder) {
        return tx("update", c -> update(c, sql, binder));
    }

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

    public static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    /** Binds every argument in order: String, Integer, Long, Boolean, Instant or null (untyped, so either database infers it). */
    public static Binder args(Object... values) {
        return ps -> {
            for (int i = 0; i < values.length; i++) {
                var v = values[i];
                switch (v) {
                    case null -> ps.setNull(i + 1, Types.NULL);
                    case Instant t -> setInstant(ps, i + 1, t);
                    case Integer n -> ps.setInt(i + 1, n);
                    case Long n -> ps.setLong(i + 1, n);
                    case Boolean b -> ps.setBoolean(i + 1, b);
                    default -> ps.setString(i + 1, v.toString());
                }
            }
        };
    }

    public static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(i, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        var t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
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
