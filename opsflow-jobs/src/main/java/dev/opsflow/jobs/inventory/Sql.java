package dev.opsflow.jobs.inventory;

import dev.opsflow.jobs.library.JdbcSupport;
import dev.opsflow.store.jdbc.Jdbc;
import dev.opsflow.store.jdbc.JdbcStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inventory's view of {@link JdbcSupport} (transactions that retry transient failures, binding, UTC
 * instants truncated to microseconds): varargs binding, a unique-key violation answered as {@link InventoryConflictException},
 * and the inventory's JSON columns (labels, string lists).
 */
final class Sql {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private final JdbcSupport jdbc;

    Sql(DataSource ds) {
        this.jdbc = new JdbcSupport(ds);
    }

    /**
     * Runs {@code work} in one transaction: commit on return, rollback on any exception, run again after a
     * deadlock, serialization failure or H2 lock timeout (so {@code work} must only touch the database).
     *
     * @throws InventoryConflictException when a unique key was violated (a concurrent write)
     * @throws JdbcStoreException          for any other database error
     */
    <T> T tx(Jdbc.Work<T> work) {
        try {
            return jdbc.tx("inventory", work);
        } catch (JdbcStoreException e) {
            // not the driver's message: on PostgreSQL it quotes the conflicting key's values
            if ("23505".equals(e.sqlState())) throw new InventoryConflictException("already exists (concurrent write)");
            throw e;
        }
    }

    static <T> List<T> list(Connection c, String sql, Jdbc.RowMapper<T> mapper, Object... args) throws SQLException {
        return Jdbc.list(c, sql, JdbcSupport.args(args), mapper);
    }

    static <T> Optional<T> one(Connection c, String sql, Jdbc.RowMapper<T> mapper, Object... args) throws SQLException {
        var rows = list(c, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        return Jdbc.update(c, sql, JdbcSupport.args(args));
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
}
