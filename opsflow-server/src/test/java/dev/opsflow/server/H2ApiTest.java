package dev.opsflow.server;

import org.junit.jupiter.api.BeforeAll;

/** The API contract on the embedded H2 database. */
class H2ApiTest extends ApiContract {
    @BeforeAll
    static void start() throws Exception {
        server = TestServer.h2();
    }
}
