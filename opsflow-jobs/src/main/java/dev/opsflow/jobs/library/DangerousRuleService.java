package dev.opsflow.jobs.library;

import static dev.opsflow.jobs.library.JdbcSupport.args;

import dev.opsflow.exec.DangerousCommandRules;
import dev.opsflow.exec.DangerousCommandRules.Action;
import dev.opsflow.exec.DangerousCommandRules.Finding;
import dev.opsflow.exec.Language;
import dev.opsflow.store.jdbc.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * Project-level dangerous-command rules (table {@code job_dangerous_rule}) merged with the built-in
 * defaults, and the check every script passes before it is saved or reaches a host.
 */
public final class DangerousRuleService {
    private final JdbcSupport db;
    private final Clock clock;

    public DangerousRuleService(DataSource ds, Clock clock) {
        this.db = new JdbcSupport(ds);
        this.clock = clock;
    }

    /** @return the project's own rules, by id */
    public List<DangerousRule> list(String project) {
        return db.query("SELECT * FROM job_dangerous_rule WHERE project = ? ORDER BY id", args(project), this::row);
    }

    /** Creates or replaces the project rule {@code rule.id()}. */
    public DangerousRule put(String project, DangerousRule rule, String actor) {
        var r = new DangerousRule(project, rule.id(), rule.language(), rule.pattern(), rule.action(),
                rule.description(), clock.instant(), actor);
        db.tx("save dangerous rule", c -> {
            Jdbc.update(c, "DELETE FROM job_dangerous_rule WHERE project = ? AND id = ?", args(project, r.id()));
            return Jdbc.update(c, "INSERT INTO job_dangerous_rule (project, id, language, pattern, action, description, "
                    + "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", args(project, r.id(),
                    r.language() == null ? null : r.language().name(), r.pattern(), r.action().name(), r.description(),
                    r.createdAt(), actor));
        });
        return r;
    }

    /** @throws NoSuchElementException when the project has no such rule */
    public void delete(String project, String id) {
        if (db.update("DELETE FROM job_dangerous_rule WHERE project = ? AND id = ?", args(project, id)) == 0) {
            throw new NoSuchElementException("dangerous-command rule '" + id + "' does not exist in project '" + project + "'");
        }
    }

    /** @return the defaults plus the project's rules */
    public DangerousCommandRules rulesFor(String project) {
        return DangerousCommandRules.defaults().with(list(project).stream().map(DangerousRule::toRule).toList());
    }

    /**
     * Checks {@code content} with the project's rules.
     *
     * @param field the request field named in the problems of a refusal, e.g. {@code content}
     * @return the WARN findings (the script may go on)
     * @throws DangerousCommandException when any BLOCK rule matched
     */
    public List<Finding> check(String project, Language language, String content, String field) {
        var findings = rulesFor(project).check(language, content);
        var blocking = findings.stream().filter(f -> f.rule().action() == Action.BLOCK).toList();
        if (!blocking.isEmpty()) throw new DangerousCommandException(field, blocking, null);
        return findings;
    }

    private DangerousRule row(ResultSet rs) throws SQLException {
        var lang = rs.getString("language");
        return new DangerousRule(rs.getString("project"), rs.getString("id"), lang == null ? null : Language.valueOf(lang),
                rs.getString("pattern"), Action.valueOf(rs.getString("action")), rs.getString("description"),
                Jdbc.getInstant(rs, "created_at"), rs.getString("created_by"));
    }
}
