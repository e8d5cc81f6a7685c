package dev.opsflow.jobs.inventory;

import dev.opsflow.jobs.library.JobsDatabase;
import org.junit.jupiter.api.BeforeAll;

class H2InventoryTest extends InventoryRepositoryContract {
    @BeforeAll
    static void database() {
        db = JobsDatabase.h2();
    }
}
