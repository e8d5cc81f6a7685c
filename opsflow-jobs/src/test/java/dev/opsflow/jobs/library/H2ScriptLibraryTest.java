package dev.opsflow.jobs.library;

import org.junit.jupiter.api.BeforeAll;

class H2ScriptLibraryTest extends ScriptLibraryContract {
    @BeforeAll
    static void open() {
        init(JobsDatabase.h2());
    }
}
