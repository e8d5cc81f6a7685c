package dev.opsflow.jobs.inventory;

import org.junit.jupiter.api.BeforeAll;

class PostgresInventoryTest extends InventoryRepositoryContract {
    @BeforeAll
    static void database() {
        db = InventoryTestDatabase.postgres();
    }
}
