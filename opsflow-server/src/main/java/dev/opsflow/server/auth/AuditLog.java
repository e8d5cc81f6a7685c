package dev.opsflow.server.auth;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Appends operator actions to the {@code audit_log} table. */
@Component
public class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private final DataSource ds;
    private final Clock clock;

    public AuditLog(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /** Records one action; failures are logged, never thrown (the action already happened). */
    public void record(String actor, String action, int status) {
        try (var c = ds.getConnection(); var st = c.prepareStatement(
                "INSERT INTO audit_log (at, actor, action, target, detail, status) VALUES (?, ?, ?, NULL, NULL, ?)")) {
            st.setTimestamp(1, Timestamp.from(clock.instant()));
            st.setString(2, actor);
            st.setString(3, action.length() > 100 ? action.substring(0, 100) : action);
            st.setInt(4, status);
            st.executeUpdate();
        } catch (SQLException e) {
            log.error("audit record lost: {} {} {}", actor, action, status, e);
        }
    }
}
