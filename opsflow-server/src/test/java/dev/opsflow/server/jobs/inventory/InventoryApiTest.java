package dev.opsflow.server.jobs.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inventory REST API on a real server (H2). Each test works in its own project. */
class InventoryApiTest {
    static TestServer server;
    static InventoryHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.h2();
        http = new InventoryHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String project(String name) {
        assertThat(server.post("/api/v1/projects", Map.of("name", name)).status()).isEqualTo(201);
        return "/api/v1/projects/" + name;
    }

    @Test
    void hosts_are_created_listed_by_selector_updated_and_deleted() {
        var p = project("hosts");
        var created = server.post(p + "/hosts", Map.of("name", "web1", "address", "10.0.0.1", "labels", Map.of("env", "prod", "role", "web")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.map()).containsEntry("port", 22).containsEntry("os", "linux");
        server.post(p + "/hosts", Map.of("name", "db1", "labels", Map.of("env", "prod", "role", "db")));
        assertThat(server.get(p + "/hosts").list()).extracting(h -> h.get("name")).containsExactly("db1", "web1");
        assertThat(server.get(p + "/hosts?selector=role%20in%20(web)").list()).extracting(h -> h.get("name")).containsExactly("web1");
        var bad = server.get(p + "/hosts?selector=role%20in%20web");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.map().get("detail").toString()).contains("column 9");

        assertThat(server.post(p + "/hosts", Map.of("name", "web1")).status()).isEqualTo(409);
        var updated = http.putJson(p + "/hosts/web1", Map.of("address", "10.0.0.9", "port", 2222));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.map()).containsEntry("address", "10.0.0.9").containsEntry("port", 2222).containsEntry("labels", Map.of());
        assertThat(server.get(p + "/hosts/web1").map()).containsEntry("port", 2222);
        assertThat(http.delete(p + "/hosts/web1").status()).isEqualTo(204);
        assertThat(server.get(p + "/hosts/web1").status()).isEqualTo(404);
        assertThat(http.delete(p + "/hosts/web1").status()).isEqualTo(404);
        assertThat(server.get("/api/v1/projects/nope/hosts").status()).isEqualTo(404);
    }

    @Test
    void invalid_input_answers_422_per_field_or_400_for_malformed_bodies() {
        var p = project("invalid");
        var r = server.post(p + "/hosts", Map.of("name", "bad name", "port", 70000));
        assertThat(r.status()).isEqualTo(422);
        assertThat(problems(r)).extracting(x -> x.get("field")).containsExactly("name", "address", "port");
        var unknown = server.post(p + "/hosts", Map.of("name", "a", "colour", "red"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.map().get("detail").toString()).contains("unknown field(s) colour");
        var wrongType = server.post(p + "/hosts", Map.of("name", "a", "port", "eighty"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.map()).containsEntry("detail", "port: expected an integer but got a string").containsEntry("field", "port");
        var malformed = http.postText(p + "/hosts", "application/json", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.map().get("detail").toString()).startsWith("request body is not valid JSON");
    }

    @Test
    void groups_are_static_or_dynamic_and_resolve_to_hosts() {
        var p = project("groups");
        server.post(p + "/hosts", Map.of("name", "a", "labels", Map.of("env", "prod")));
        server.post(p + "/hosts", Map.of("name", "b", "labels", Map.of("env", "dev")));
        assertThat(server.post(p + "/host-groups", Map.of("name", "pair", "kind", "static", "members", List.of("b", "a"))).status()).isEqualTo(201);
        assertThat(server.post(p + "/host-groups", Map.of("name", "prod", "kind", "dynamic", "selector", "env=prod")).status()).isEqualTo(201);
        assertThat(server.get(p + "/host-groups/pair/hosts").list()).extracting(h -> h.get("name")).containsExactly("b", "a");
        assertThat(server.get(p + "/host-groups/prod/hosts").list()).extracting(h -> h.get("name")).containsExactly("a");
        assertThat(server.get(p + "/host-groups").list()).extracting(g -> g.get("kind")).containsExactly("static", "dynamic");
        var missing = server.post(p + "/host-groups", Map.of("name", "x", "kind", "static", "members", List.of("a", "zzz")));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(problems(missing).getFirst()).containsEntry("field", "members[1]");
        assertThat(server.post(p + "/host-groups", Map.of("name", "y", "kind", "dynamic", "selector", "env=")).status()).isEqualTo(201);
        assertThat(server.post(p + "/host-groups", Map.of("name", "z", "kind", "other")).status()).isEqualTo(400);
        var edited = http.putJson(p + "/host-groups/pair", Map.of("kind", "static", "members", List.of("a")));
        assertThat(edited.map()).containsEntry("members", List.of("a"));
        assertThat(http.delete(p + "/host-groups/pair").status()).isEqualTo(204);
        assertThat(server.get(p + "/host-groups/pair/hosts").status()).isEqualTo(404);
    }

    @Test
    void import_reports_changes_and_rejects_bad_files_with_line_numbers_without_writing() {
        var p = project("imports");
        var ini = "[web]\nweb[1:2] ansible_host=10.0.0.1\n[web:vars]\nenv=prod\n";
        var r = http.postText(p + "/hosts/import", "text/plain", ini);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map()).containsEntry("format", "ini").containsEntry("created", List.of("web1", "web2"));
        assertThat(server.get(p + "/hosts/web1").map().get("labels")).isEqualTo(Map.of("env", "prod", "group.web", "true"));
        assertThat(server.get(p + "/host-groups/web").map()).containsEntry("members", List.of("web1", "web2"));

        var yaml = "all:\n  hosts:\n    web1:\n      ansible_host: 10.0.0.1\n      env: prod\n";
        var y = http.postText(p + "/hosts/import?format=yaml", "application/yaml", yaml);
        assertThat(y.map()).containsEntry("updated", List.of("web1"));

        var csv = "name,address,port\nnew1,10.1.1.1,22\nnew2,10.1.1.2,abc\nnew3,10.1.1.3\n";
        var bad = http.postText(p + "/hosts/import", "text/csv", csv);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(problems(bad)).extracting(x -> x.get("line")).containsExactly(3, 4);
        assertThat(server.get(p + "/hosts/new1").status()).isEqualTo(404);
        assertThat(http.postText(p + "/hosts/import?format=xml", "text/plain", "x").status()).isEqualTo(400);

        var export = http.getText(p + "/hosts/export?format=csv");
        assertThat(export.getKey()).isEqualTo(200);
        assertThat(export.getValue()).startsWith("name,address,port,os,labels\nweb1,10.0.0.1,22,linux,");
        var iniExport = http.getText(p + "/hosts/export?format=ini");
        assertThat(iniExport.getValue()).contains("[web]\nweb1\nweb2\n");
    }

    @Test
    void a_bad_export_format_or_a_renaming_credential_body_answers_400_naming_the_field() {
        var p = project("bad-input");
        var export = server.get(p + "/hosts/export?format=yaml");
        assertThat(export.status()).isEqualTo(400);
        assertThat(export.map()).containsEntry("status", 400).containsEntry("field", "format")
                .containsEntry("detail", "format: export supports csv and ini");

        assertThat(server.post(p + "/credentials", Map.of("name", "pw", "kind", "password", "password", "first-secret"))
                .status()).isEqualTo(201);
        var renamed = http.putJson(p + "/credentials/pw", Map.of("name", "other", "kind", "password", "password", "second-secret"));
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(renamed.map()).containsEntry("field", "name")
                .containsEntry("detail", "name: 'other' differs from the credential 'pw' being replaced");
        assertThat(renamed.raw()).doesNotContain("second-secret");
        assertThat(server.get(p + "/credentials/other").status()).isEqualTo(404);
    }

    @Test
    void credentials_are_write_only_and_accounts_reference_them() throws Exception {
        var p = project("secrets");
        var g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        var out = new ByteArrayOutputStream();
        var enc = new OpenSSHKeyEncryptionContext();
        enc.setCipherName("AES");
        enc.setCipherMode("CTR");
        enc.setCipherType("256");
        enc.setPassword("pass-phrase-1");
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(g.generateKeyPair(), "t", enc, out);
        var pem = out.toString();
        var created = server.post(p + "/credentials", Map.of("name", "deploy-key", "kind", "ssh-key", "privateKey", pem,
                "passphrase", "pass-phrase-1"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.map()).containsOnlyKeys("name", "kind", "keyType", "fingerprint", "createdAt", "createdBy")
                .containsEntry("keyType", "ecdsa-sha2-nistp256").containsEntry("createdBy", "admin");
        assertThat(created.map().get("fingerprint").toString()).startsWith("SHA256:");
        server.post(p + "/credentials", Map.of("name", "pw", "kind", "password", "password", "hunter2-secret"));
        var list = server.get(p + "/credentials");
        assertThat(list.list()).extracting(c -> c.get("name")).containsExactly("deploy-key", "pw");
        assertThat(list.raw()).doesNotContain("hunter2-secret").doesNotContain("PRIVATE KEY").doesNotContain("pass-phrase-1");
        assertThat(server.get(p + "/credentials/pw").raw()).doesNotContain("hunter2-secret");

        var wrong = server.post(p + "/credentials", Map.of("name", "k2", "kind", "ssh-key", "privateKey", pem, "passphrase", "nope"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(problems(wrong).getFirst()).containsEntry("field", "passphrase");
        assertThat(wrong.raw()).doesNotContain("PRIVATE KEY").doesNotContain("nope\"");
        assertThat(server.post(p + "/credentials", Map.of("name", "k3", "kind", "token")).status()).isEqualTo(400);

        assertThat(server.post(p + "/accounts", Map.of("name", "deploy", "user", "deploy", "credential", "deploy-key")).status()).isEqualTo(201);
        var noCred = server.post(p + "/accounts", Map.of("name", "x", "user", "x", "credential", "ghost"));
        assertThat(noCred.status()).isEqualTo(422);
        assertThat(problems(noCred).getFirst()).containsEntry("field", "credential");
        assertThat(http.delete(p + "/credentials/deploy-key").status()).isEqualTo(409);
        assertThat(http.putJson(p + "/accounts/deploy", Map.of("user", "ops", "credential", "pw", "sudoUser", "root")).map())
                .containsEntry("user", "ops").containsEntry("sudoUser", "root");
        assertThat(server.get(p + "/accounts").list()).hasSize(1);
        assertThat(http.delete(p + "/credentials/deploy-key").status()).isEqualTo(204);
        assertThat(http.delete(p + "/accounts/deploy").status()).isEqualTo(204);
        assertThat(server.get(p + "/accounts/deploy").status()).isEqualTo(404);
    }

    @Test
    void host_key_policy_is_read_and_set_and_unknown_keys_answer_404() {
        var p = project("keys");
        assertThat(server.get(p + "/settings/host-key-policy").map()).containsEntry("policy", "TRUST_ON_FIRST_USE");
        assertThat(http.putJson(p + "/settings/host-key-policy", Map.of("policy", "strict")).map()).containsEntry("policy", "STRICT");
        assertThat(server.get(p + "/settings/host-key-policy").map()).containsEntry("policy", "STRICT");
        assertThat(http.putJson(p + "/settings/host-key-policy", Map.of("policy", "maybe")).status()).isEqualTo(400);
        assertThat(server.get(p + "/host-keys").list()).isEmpty();
        assertThat(http.delete(p + "/host-keys?address=10.0.0.1&port=22").status()).isEqualTo(404);
        assertThat(http.delete(p + "/host-keys").status()).isEqualTo(400);
    }

    @Test
    void connectivity_checks_reach_local_and_report_unreachable_hosts() throws Exception {
        var p = project("checks");
        var local = server.post(p + "/hosts/local/check", null);
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.map()).containsEntry("host", "local").containsEntry("state", "SUCCEEDED").containsEntry("reachable", true);
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        server.post(p + "/hosts", Map.of("name", "gone", "address", "127.0.0.1", "port", closedPort));
        server.post(p + "/credentials", Map.of("name", "pw", "kind", "password", "password", "x"));
        server.post(p + "/accounts", Map.of("name", "ops", "user", "ops", "credential", "pw"));
        assertThat(server.post(p + "/hosts/gone/check", Map.of()).status()).isEqualTo(400);
        var gone = server.post(p + "/hosts/gone/check", Map.of("account", "ops", "timeoutSeconds", 5));
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.map()).containsEntry("state", "UNREACHABLE").containsEntry("reachable", false);
        assertThat(server.post(p + "/hosts/nothere/check", Map.of("account", "ops")).status()).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> problems(TestServer.Response r) {
        return (List<Map<String, Object>>) r.map().get("problems");
    }
}
