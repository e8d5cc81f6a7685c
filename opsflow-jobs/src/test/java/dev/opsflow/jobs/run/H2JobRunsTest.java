package dev.opsflow.jobs.run;

import dev.opsflow.jobs.library.JobsDatabase;
import org.junit.jupiter.api.BeforeAll;

class H2JobRunsTest extends JobRunsContract {
    @BeforeAll
    static void open() {
        fx = new JobsFixture(JobsDatabase.h2(), "h2-node");
    }
}
