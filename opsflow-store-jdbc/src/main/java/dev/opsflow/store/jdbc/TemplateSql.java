package dev.opsflow.store.jdbc;

import dev.opsflow.engine.store.TemplateVersionRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Projects and versioned templates. A new version is {@code latest + 1}; two concurrent saves race on
 * the primary key (project, name, version) and the loser starts over in a fresh transaction, where it
 * either sees its source is now the latest (unchanged) or takes the next number.
 */
final class TemplateSql {
    private static final int SAVE_ATTEMPTS = 10;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "project, name, version, source, description, created_by, created_at";

    private final Jdbc jdbc;

    TemplateSql(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void ensureProject(String name, String description, Instant now) {
        // Read-then-insert can still race; a concurrent creator's unique violation also means "exists".
        try {
            jdbc.tx("ensure project " + name, c -> {
                var exists = !Jdbc.list(c, "SELECT 1 FROM project WHERE name = ?", ps -> ps.setString(1, name),
                        rs -> 1).isEmpty();
                if (exists) return 0;
                return Jdbc.update(c, "INSERT INTO project (name, description, created_at) VALUES (?, ?, ?)", ps -> {
                    ps.setString(1, name);
                    ps.setString(2, description);
                    Jdbc.setInstant(ps, 3, now);
                });
            });
        } catch (JdbcStoreException e) {
            if (!UNIQUE_VIOLATION.equals(e.sqlState())) throw e;
        }
    }

    List<String[]> projects() {
        return jdbc.query("SELECT name, description FROM project ORDER BY name", ps -> { },
                rs -> new String[]{rs.getString("name"), rs.getString("description")});
    }

    TemplateVersionRecord save(String project, String name, String source, String description, String actor,
                               Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.tx("save template " + project + "/" + name,
                        c -> saveOnce(c, project, name, source, description, actor, now));
            } catch (JdbcStoreException e) {
                if (!UNIQUE_VIOLATION.equals(e.sqlState()) || attempt == SAVE_ATTEMPTS) throw e;
            }
        }
    }

    private TemplateVersionRecord saveOnce(Connection c, String project, String name, String source,
                                           String description, String actor, Instant now) throws SQLException {
        var latest = Jdbc.list(c, "SELECT " + COLUMNS + " FROM template_version WHERE project = ? AND name = ? "
                + "ORDER BY version DESC LIMIT 1", ps -> {
            ps.setString(1, project);
            ps.setString(2, name);
        }, rs -> map(rs, false));
        if (!latest.isEmpty() && latest.getFirst().source().equals(source)) return latest.getFirst();
        int version = latest.isEmpty() ? 1 : latest.getFirst().version() + 1;
        Jdbc.update(c, "INSERT INTO template_version (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, project);
            ps.setString(2, name);
            ps.setInt(3, version);
            ps.setString(4, source);
            ps.setString(5, description);
            ps.setString(6, actor);
            Jdbc.setInstant(ps, 7, now);
        });
        return new TemplateVersionRecord(project, name, version, source, description, actor,
                now.truncatedTo(ChronoUnit.MICROS), true);
    }

    Optional<TemplateVersionRecord> find(String project, String name, Integer version) {
        var sql = "SELECT " + COLUMNS + " FROM template_version WHERE project = ? AND name = ? "
                + (version == null ? "ORDER BY version DESC LIMIT 1" : "AND version = ?");
        return jdbc.queryOne(sql, ps -> {
            ps.setString(1, project);
            ps.setString(2, name);
            if (version != null) ps.setInt(3, version);
        }, rs -> map(rs, false));
    }

    List<TemplateVersionRecord> listLatest(String project) {
        return jdbc.query("SELECT " + COLUMNS + " FROM template_version t WHERE project = ? AND version = "
                + "(SELECT MAX(version) FROM template_version m WHERE m.project = t.project AND m.name = t.name) "
                + "ORDER BY name", ps -> ps.setString(1, project), rs -> map(rs, false));
    }

    List<TemplateVersionRecord> versions(String project, String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM template_version WHERE project = ? AND name = ? "
                + "ORDER BY version", ps -> {
            ps.setString(1, project);
            ps.setString(2, name);
        }, rs -> map(rs, false));
    }

    private static TemplateVersionRecord map(ResultSet rs, boolean created) throws SQLException {
        return new TemplateVersionRecord(rs.getString("project"), rs.getString("name"), rs.getInt("version"),
                rs.getString("source"), rs.getString("description"), rs.getString("created_by"),
                Jdbc.getInstant(rs, "created_at"), created);
    }
}
