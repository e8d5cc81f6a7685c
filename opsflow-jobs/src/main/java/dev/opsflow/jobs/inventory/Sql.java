package dev.opsflow.jobs.inventory;

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
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transactions and value binding for the inventory tables. Instants are UTC, truncated to
 * microseconds (what both databases keep); JSON columns are text.
 */
final class Sql {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private final DataSource ds;

    Sql(DataSource ds) {
        this.ds = ds;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} in one transaction: commit on return, rollback on any exception. */
    <T> T tx(Work<T> work) {
        try (var c = ds.getConnection()) {
            var autoCommit = c.getAutoCommit();
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
                    c.setAutoCommit(autoCommit);
                } catch (SQLException ignored) {
                    // broken connection: the pool discards it
                }
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) throw new InventoryConflictException("already exists (concurrent write): " + e.getMessage());
            throw new IllegalStateException("inventory database error: " + e.getMessage(), e);
        }
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return tx(c -> list(c, sql, mapper, args));
    }

    static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (var rs = ps.executeQuery()) {
                var out = new ArrayList<T>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        }
    }

    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        var rows = list(c, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            var a = args[i];
            if (a instanceof Instant t) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** @throws NoSuchElementException when the project row does not exist */
    static void requireProject(Connection c, String project) throws SQLException {
        if (one(c, "SELECT name FROM project WHERE name = ?", rs -> rs.getString(1), project).isEmpty()) {
            throw new NoSuchElementException("project '" + project + "' does not exist");
        }
    }

    static String labelsJson(Map<String, String> labels) {
        return JSON.writeValueAsString(new TreeMap<>(labels));
    }

    static Map<String, String> labels(String json) {
        return json == null ? Map.of() : JSON.readValue(json, LABELS);
    }

    static String listJson(List<String> values) {
        return JSON.writeValueAsString(values);
    }

    static List<String> list(String json) {
        return json == null ? List.of() : JSON.readValue(json, STRINGS);
    }

    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) return true;
        }
        return false;
    }
}
