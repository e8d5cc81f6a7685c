package dev.opsflow.store.jdbc;

/** The store contract on an in-memory H2 database. */
class H2TaskRepositoryTest extends TaskRepositoryContract {
    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
