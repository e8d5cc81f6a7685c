package dev.opsflow.jobs.library;

import static dev.opsflow.jobs.library.JdbcSupport.args;

import dev.opsflow.engine.task.StateConflictException;
import dev.opsflow.exec.DangerousCommandRules.Finding;
import dev.opsflow.exec.Language;
import dev.opsflow.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * The per-project script library: scripts with immutable, numbered versions, each with a
 * {@link ScriptVersionState}. Every saved text passes the project's dangerous-command rules first: a
 * BLOCK finding refuses the save ({@link DangerousCommandException}), WARN findings are returned with
 * the saved version.
 */
public final class ScriptLibrary {
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,199}";
    private final JdbcSupport db;
    private final DangerousRuleService rules;
    private final Clock clock;

    public ScriptLibrary(DataSource ds, DangerousRuleService rules, Clock clock) {
        this.db = new JdbcSupport(ds);
        this.rules = rules;
        this.clock = clock;
    }

    /** A saved version and the WARN findings of its text. */
    public record SaveResult(ScriptVersion version, List<Finding> warnings) {
    }

    /**
     * Creates script {@code name} with version 1 (DRAFT).
     *
     * @throws IllegalArgumentException for an invalid name or empty content, or when the script exists
     * @throws DangerousCommandException when a BLOCK rule matches (nothing is saved)
     */
    public SaveResult create(String project, String name, Language language, String description, String content,
                             String remark, String actor) {
        if (name == null || !name.matches(NAME)) {
            throw new IllegalArgumentException("name: 1-200 characters of A-Z, a-z, 0-9, '_', '.', '-' (got '" + name + "')");
        }
        if (language == null) throw new IllegalArgumentException("language: required (bash, sh, python3 or perl)");
        requireContent(content);
        var warnings = rules.check(project, language, content, "content");
        var now = clock.instant();
        var v = db.tx("create script", c -> {
            if (find(c, project, name) != null) {
                throw new IllegalArgumentException("name: script '" + name + "' already exists in project '" + project + "'");
            }
            Jdbc.update(c, "INSERT INTO job_script (project, name, language, description, created_at, created_by, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", args(project, name, language.name(), description, now, actor, now));
            return insertVersion(c, project, name, language, 1, content, remark, actor);
        });
        return new SaveResult(v, warnings);
    }

    /**
     * Adds the next version (DRAFT) of an existing script.
     *
     * @throws NoSuchElementException when the script does not exist
     * @throws DangerousCommandException when a BLOCK rule matches (nothing is saved)
     */
    public SaveResult addVersion(String project, String name, String content, String remark, String actor) {
        requireContent(content);
        var script = get(project, name);
        var warnings = rules.check(project, script.language(), content, "content");
        var v = db.tx("add script version", c -> {
            var next = Jdbc.list(c, "SELECT COALESCE(MAX(version), 0) FROM job_script_version WHERE project = ? AND name = ?",
                    args(project, name), rs -> rs.getInt(1)).getFirst() + 1;
            Jdbc.update(c, "UPDATE job_script SET updated_at = ? WHERE project = ? AND name = ?",
                    args(clock.instant(), project, name));
            return insertVersion(c, project, name, script.language(), next, content, remark, actor);
        });
        return new SaveResult(v, warnings);
    }

    /** Changes the description. */
    public Script describe(String project, String name, String description) {
        if (db.update("UPDATE job_script SET description = ?, updated_at = ? WHERE project = ? AND name = ?",
                args(description, clock.instant(), project, name)) == 0) {
            throw missing(project, name);
        }
        return get(project, name);
    }

    /** Deletes a script and all its versions. Runs that used it keep their own copy of the text. */
    public void delete(String project, String name) {
        db.tx("delete script", c -> {
            if (Jdbc.update(c, "DELETE FROM job_script WHERE project = ? AND name = ?", args(project, name)) == 0) {
                throw missing(project, name);
            }
            return Jdbc.update(c, "DELETE FROM job_script_version WHERE project = ? AND name = ?", args(project, name));
        });
    }

    public List<Script> list(String project) {
        return db.query(SCRIPT_SELECT + " WHERE s.project = ? ORDER BY s.name", args(project), ScriptLibrary::script);
    }

    /** @throws NoSuchElementException when the script does not exist */
    public Script get(String project, String name) {
        var s = db.tx("get script", c -> find(c, project, name));
        if (s == null) throw missing(project, name);
        return s;
    }

    /** @return every version, newest first */
    public List<ScriptVersion> versions(String project, String name) {
        var script = get(project, name);
        return db.query("SELECT * FROM job_script_version WHERE project = ? AND name = ? ORDER BY version DESC",
                args(project, name), rs -> version(rs, script.language()));
    }

    /**
     * One version with its script's language, in one query.
     *
     * @throws NoSuchElementException "script 'x' does not exist in project 'p'" or "script 'x' has no version 3
     *                                in project 'p'"
     */
    public ScriptVersion version(String project, String name, int version) {
        // the outer join tells a missing script (no row) from a missing version (a row without version columns)
        var rows = db.query("SELECT s.language AS script_language, v.* FROM job_script s LEFT JOIN job_script_version v "
                        + "ON v.project = s.project AND v.name = s.name AND v.version = ? WHERE s.project = ? AND s.name = ?",
                args(version, project, name),
                rs -> rs.getString("state") == null ? null : version(rs, Language.valueOf(rs.getString("script_language"))));
        if (rows.isEmpty()) throw missing(project, name);
        if (rows.getFirst() == null) {
            throw new NoSuchElementException("script '" + name + "' has no version " + version + " in project '" + project + "'");
        }
        return rows.getFirst();
    }

    /**
     * Moves a version to {@code to} following the transition table of {@link ScriptVersionState}.
     *
     * @throws StateConflictException when the transition is not allowed, or the state changed concurrently
     */
    public ScriptVersion setState(String project, String name, int version, ScriptVersionState to, String actor) {
        var current = version(project, name, version);
        current.state().requireCanBecome(to, name, version);
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as the column stores it
        var n = db.update("UPDATE job_script_version SET state = ?, state_changed_at = ?, state_changed_by = ? "
                        + "WHERE project = ? AND name = ? AND version = ? AND state = ?",
                args(to.name(), now, actor, project, name, version, current.state().name()));
        if (n == 0) {
            throw new StateConflictException("Expected script '" + name + "' version " + version + " to be "
                    + current.state() + " but it changed concurrently; try again");
        }
        // the compare-and-set above changed exactly these three columns of the row just read
        return new ScriptVersion(current.project(), current.name(), current.language(), current.version(),
                current.content(), to, current.remark(), current.createdAt(), current.createdBy(), now, actor);
    }

    /** @return the unified diff from version {@code from} to version {@code to} (empty when equal) */
    public String diff(String project, String name, int from, int to) {
        var a = version(project, name, from);
        var b = version(project, name, to);
        return ScriptDiff.unified(name + "@" + from, a.content(), name + "@" + to, b.content());
    }

    /**
     * The version a quick execution runs: {@code version}, or the highest ONLINE one when null.
     *
     * @throws StateConflictException when that version is not ONLINE
     */
    public ScriptVersion forQuickRun(String project, String name, Integer version) {
        if (version == null) {
            var online = get(project, name).onlineVersion();
            if (online == null) throw new StateConflictException("Expected script '" + name + "' to have an ONLINE version but none is online");
            version = online;
        }
        var v = version(project, name, version);
        if (v.state() != ScriptVersionState.ONLINE) {
            throw new StateConflictException("Expected script '" + name + "' version " + v.version() + " to be ONLINE but was " + v.state());
        }
        return v;
    }

    /**
     * The version a plan step runs: any state except DISABLED.
     *
     * @throws StateConflictException "script 'x' version 2 is DISABLED and cannot run"
     */
    public ScriptVersion forPlanStep(String project, String name, int version) {
        var v = version(project, name, version);
        if (v.state() == ScriptVersionState.DISABLED) {
            throw new StateConflictException("Expected script '" + name + "' version " + version
                    + " to be DRAFT, ONLINE or OFFLINE but was DISABLED: a disabled script version cannot run");
        }
        return v;
    }

    private static final String SCRIPT_SELECT = "SELECT s.*, "
            + "(SELECT MAX(version) FROM job_script_version v WHERE v.project = s.project AND v.name = s.name) AS latest_version, "
            + "(SELECT MAX(version) FROM job_script_version v WHERE v.project = s.project AND v.name = s.name AND v.state = 'ONLINE') "
            + "AS online_version FROM job_script s";

    private static Script find(Connection c, String project, String name) throws SQLException {
        var rows = Jdbc.list(c, SCRIPT_SELECT + " WHERE s.project = ? AND s.name = ?", args(project, name), ScriptLibrary::script);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private ScriptVersion insertVersion(Connection c, String project, String name, Language language, int version,
                                        String content, String remark, String actor) throws SQLException {
        var now = clock.instant();
        Jdbc.update(c, "INSERT INTO job_script_version (project, name, version, content, state, remark, created_at, "
                        + "created_by, state_changed_at, state_changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                args(project, name, version, content, ScriptVersionState.DRAFT.name(), remark, now, actor, now, actor));
        return new ScriptVersion(project, name, language, version, content, ScriptVersionState.DRAFT, remark, now, actor, now, actor);
    }

    private static void requireContent(String content) {
        if (content == null || content.isBlank()) throw new IllegalArgumentException("content: required");
    }

    private static NoSuchElementException missing(String project, String name) {
        return new NoSuchElementException("script '" + name + "' does not exist in project '" + project + "'");
    }

    private static Script script(ResultSet rs) throws SQLException {
        return new Script(rs.getString("project"), rs.getString("name"), Language.valueOf(rs.getString("language")),
                rs.getString("description"), Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"),
                Jdbc.getInstant(rs, "updated_at"), rs.getInt("latest_version"), JdbcSupport.intOrNull(rs, "online_version"));
    }

    private static ScriptVersion version(ResultSet rs, Language language) throws SQLException {
        return new ScriptVersion(rs.getString("project"), rs.getString("name"), language, rs.getInt("version"),
                rs.getString("content"), ScriptVersionState.valueOf(rs.getString("state")), rs.getString("remark"),
                Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"),
                Jdbc.getInstant(rs, "state_changed_at"), rs.getString("state_changed_by"));
    }
}
