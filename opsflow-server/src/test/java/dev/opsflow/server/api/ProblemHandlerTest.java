package dev.opsflow.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.store.jdbc.JdbcStoreException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ProblemHandlerTest {
    @Test
    void aFailedStoreCallIsA503ThatNamesTheSqlStateButNotTheDriversMessage() {
        var e = new JdbcStoreException("write 3 sets", new SQLException("duplicate key value (id)=(t_secret-row)", "23505"));
        var p = new ProblemHandler().storeFailed(e);
        assertThat(p.getStatus()).isEqualTo(503);
        assertThat(p.getDetail()).isEqualTo("the database call failed (SQLState 23505); nothing was stored");
        assertThat(p.getType().toString()).endsWith("/unavailable");
    }
}
