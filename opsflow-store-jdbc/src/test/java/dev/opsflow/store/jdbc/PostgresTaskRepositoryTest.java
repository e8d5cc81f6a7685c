package dev.opsflow.store.jdbc;

/** The store contract on PostgreSQL, in a fresh schema (fails, never skips, when the server is down). */
class PostgresTaskRepositoryTest extends TaskRepositoryContract {
    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgres();
    }
}
