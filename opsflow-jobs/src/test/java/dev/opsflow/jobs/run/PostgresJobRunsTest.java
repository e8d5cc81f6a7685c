package dev.opsflow.jobs.run;

import dev.opsflow.jobs.library.JobsDatabase;
import org.junit.jupiter.api.BeforeAll;

class PostgresJobRunsTest extends JobRunsContract {
    @BeforeAll
    static void open() {
        fx = new JobsFixture(JobsDatabase.postgres(), "pg-node");
    }
}
