package dev.opsflow.jobs.library;

import org.junit.jupiter.api.BeforeAll;

class PostgresScriptLibraryTest extends ScriptLibraryContract {
    @BeforeAll
    static void open() {
        init(JobsDatabase.postgres());
    }
}
