package dev.opsflow.server.jobs.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.exec.SshdFixture;
import dev.opsflow.server.TestServer;
import java.util.List;
import java.util.Map;

/** Registers sshd hosts, the fixture's client key as credential {@code ops-key} and account {@code ops} through the API. */
public final class SshHosts {
    public static final String P = "/api/v1/projects/default";

    private SshHosts() {
    }

    /** @return the host names registered, labelled {@code role=<role>} */
    public static List<String> register(TestServer server, SshdFixture sshd, String prefix, String role) throws Exception {
        var names = new java.util.ArrayList<String>();
        for (var h : sshd.hosts()) {
            var name = prefix + h.name().replace("host", "");
            var r = server.post(P + "/hosts", Map.of("name", name, "address", h.address(), "port", h.port(),
                    "labels", Map.of("role", role)));
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
            names.add(name);
        }
        return names;
    }

    public static void account(TestServer server, SshdFixture sshd) throws Exception {
        var c = server.post(P + "/credentials", Map.of("name", "ops-key", "kind", "ssh-key", "privateKey", sshd.clientKey()));
        assertThat(c.status()).as(c.raw()).isEqualTo(201);
        var a = server.post(P + "/accounts", Map.of("name", "ops", "user", SshdFixture.user(), "credential", "ops-key"));
        assertThat(a.status()).as(a.raw()).isEqualTo(201);
    }
}
