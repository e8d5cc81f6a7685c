package dev.opsflow.jobs.inventory;

import org.junit.jupiter.api.BeforeAll;

class H2InventoryTest extends InventoryRepositoryContract {
    @BeforeAll
    static void database() {
        db = InventoryTestDatabase.h2();
    }
}
