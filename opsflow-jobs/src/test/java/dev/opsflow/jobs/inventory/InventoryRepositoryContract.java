package dev.opsflow.jobs.inventory;

import dev.opsflow.jobs.library.JobsDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsflow.engine.store.SecretCodec;
import dev.opsflow.engine.template.Problem;
import dev.opsflow.engine.template.TemplateInvalidException;
import dev.opsflow.exec.Credential;
import dev.opsflow.exec.Host;
import dev.opsflow.exec.HostKeyPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory services on a real database; subclasses choose H2 or PostgreSQL. */
abstract class InventoryRepositoryContract {
    static JobsDatabase db;
    InventoryService inventory;
    CredentialService credentials;
    AccountService accounts;
    HostKeyService hostKeys;
    String p;

    @BeforeEach
    void services() {
        var clock = Clock.systemUTC();
        inventory = new InventoryService(db.dataSource(), clock);
        credentials = new CredentialService(db.dataSource(), new SecretCodec(SecretCodec.newKey()), clock);
        accounts = new AccountService(db.dataSource(), credentials, clock);
        hostKeys = new HostKeyService(db.dataSource(), clock);
        p = "p" + UUID.randomUUID().toString().substring(0, 8);
        db.project(p);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void hosts_are_created_read_updated_and_deleted() {
        var created = inventory.createHost(p, new HostSpec("web1", "10.0.0.1", 0, null, Map.of("env", "prod")));
        assertThat(created.port()).isEqualTo(22);
        assertThat(created.os()).isEqualTo("linux");
        assertThat(inventory.host(p, "web1").labels()).isEqualTo(Map.of("env", "prod"));
        assertThatThrownBy(() -> inventory.createHost(p, new HostSpec("web1", null, 0, null, null)))
                .isInstanceOf(InventoryConflictException.class).hasMessage("host 'web1' already exists in project '" + p + "'");
        var updated = inventory.updateHost(p, "web1", new HostSpec(null, "10.0.0.2", 2222, "debian", Map.of("env", "dev")));
        assertThat(updated).extracting(HostRecord::address, HostRecord::port, HostRecord::os).containsExactly("10.0.0.2", 2222, "debian");
        inventory.deleteHost(p, "web1");
        assertThat(inventory.hosts(p)).isEmpty();
        assertThatThrownBy(() -> inventory.deleteHost(p, "web1")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> inventory.hosts("nope")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("project 'nope' does not exist");
    }

    @Test
    void invalid_hosts_report_every_field() {
        assertThatThrownBy(() -> inventory.createHost(p, new HostSpec("bad name", "a b", 70000, null, Map.of("-x", "1"))))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems()).extracting(Problem::field)
                        .containsExactly("name", "address", "port", "labels"));
        assertThatThrownBy(() -> inventory.createHost(p, new HostSpec("local", null, 0, null, null)))
                .hasMessageContaining("reserved");
    }

    @Test
    void groups_resolve_statically_and_by_selector_and_targets_deduplicate_in_order() {
        inventory.createHost(p, new HostSpec("web1", null, 0, null, Map.of("env", "prod", "role", "web")));
        inventory.createHost(p, new HostSpec("web2", null, 0, null, Map.of("env", "prod", "role", "web", "maintenance", "")));
        inventory.createHost(p, new HostSpec("db1", null, 0, null, Map.of("env", "prod", "role", "db")));
        inventory.createGroup(p, GroupSpec.ofStatic("pair", List.of("db1", "web1")));
        inventory.createGroup(p, GroupSpec.ofDynamic("live", "env=prod, !maintenance"));
        assertThat(inventory.group(p, "live").selector()).isEqualTo("env=prod,!maintenance");
        assertThat(names(inventory.groupHosts(p, "pair"))).containsExactly("db1", "web1");
        assertThat(names(inventory.groupHosts(p, "live"))).containsExactly("db1", "web1");
        assertThat(names(inventory.resolve(p, List.of("web2", "group:pair", "role in (web,db)", "local", "host:web1"))))
                .containsExactly("web2", "db1", "web1", "local");
        assertThat(inventory.resolve(p, List.of("local")).getFirst().isLocal()).isTrue();
        assertThat(names(inventory.resolve(p, List.of("selector:maintenance")))).containsExactly("web2");
        assertThatThrownBy(() -> inventory.resolve(p, List.of("web1", "nohost"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown host 'nohost' in project '" + p + "'");
        assertThatThrownBy(() -> inventory.resolve(p, List.of("group:nogroup"))).hasMessage("unknown host group 'nogroup' in project '" + p + "'");
        assertThatThrownBy(() -> inventory.createGroup(p, GroupSpec.ofStatic("bad", List.of("web1", "ghost"))))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems().getFirst().field()).isEqualTo("members[1]"));
        assertThatThrownBy(() -> inventory.createGroup(p, GroupSpec.ofDynamic("bad", "role in web")))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems().getFirst().field()).isEqualTo("selector"));
        inventory.deleteHost(p, "web1");
        assertThat(inventory.group(p, "pair").members()).containsExactly("db1");
        inventory.updateGroup(p, "pair", GroupSpec.ofDynamic(null, "role=db"));
        assertThat(inventory.group(p, "pair").kind()).isEqualTo(GroupKind.DYNAMIC);
        inventory.deleteGroup(p, "pair");
        assertThatThrownBy(() -> inventory.group(p, "pair")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void import_is_all_or_nothing_and_summarises_changes() {
        var first = inventory.importInventory(p, InventoryParsersTest.INI, null);
        assertThat(first.format()).isEqualTo(InventoryFormat.INI);
        assertThat(first.created()).hasSize(6);
        assertThat(first.groupsCreated()).containsExactly("web", "db", "prod");
        var again = inventory.importInventory(p, InventoryParsersTest.INI.replace("ansible_port=2222", "ansible_port=2223"), InventoryFormat.INI);
        assertThat(again.updated()).containsExactly("bastion");
        assertThat(again.unchanged()).hasSize(5);
        assertThat(again.groupsUnchanged()).containsExactly("web", "db", "prod");

        var before = inventory.hosts(p);
        var bad = "name,address,port\nnew1,10.9.9.9,22\nbastion,10.0.0.1,notaport\n";
        assertThatThrownBy(() -> inventory.importInventory(p, bad, null)).hasMessageContaining("line 3");
        assertThat(inventory.hosts(p)).isEqualTo(before);

        inventory.createGroup(p, GroupSpec.ofDynamic("dyn", "env=prod"));
        assertThatThrownBy(() -> inventory.importInventory(p, "[dyn]\nnew2\n", null)).isInstanceOfSatisfying(TemplateInvalidException.class,
                e -> assertThat(e.problems().getFirst().line()).isEqualTo(1));
        assertThat(inventory.findHost(p, "new2")).isEmpty();
    }

    @Test
    void ini_export_round_trips_through_import() {
        inventory.importInventory(p, InventoryParsersTest.INI, null);
        inventory.createHost(p, new HostSpec("odd", "odd.example.com", 2022, "windows server", Map.of("quote", "say \"hi\" #1", "empty", "")));
        inventory.createGroup(p, GroupSpec.ofDynamic("dyn", "env=prod"));
        var ini = inventory.export(p, InventoryFormat.INI);
        assertThat(ini).contains("# dynamic group 'dyn': env=prod");
        var q = "q" + UUID.randomUUID().toString().substring(0, 8);
        db.project(q);
        inventory.importInventory(q, ini, InventoryFormat.INI);
        assertThat(specs(inventory.hosts(q))).isEqualTo(specs(inventory.hosts(p)));
        assertThat(inventory.groups(q)).extracting(g -> g.name() + g.members())
                .containsExactly("db[db1]", "prod" + inventory.group(p, "prod").members(), "web" + inventory.group(p, "web").members());
        assertThat(inventory.export(q, InventoryFormat.INI).replace(q, p)).isEqualTo(ini.replace("\n# dynamic group 'dyn': env=prod\n", ""));
        var csv = inventory.export(p, InventoryFormat.CSV);
        var r = "r" + UUID.randomUUID().toString().substring(0, 8);
        db.project(r);
        inventory.importInventory(r, csv, null);
        assertThat(specs(inventory.hosts(r))).isEqualTo(specs(inventory.hosts(p)));
    }

    @Test
    void credentials_are_encrypted_at_rest_and_only_described_outside() {
        var kp = TestKeys.generate("EC", 256);
        var key = TestKeys.openssh(kp, "s3cret");
        var info = credentials.create(p, CredentialSpec.sshKey("deploy-key", key, "s3cret"), "alice");
        assertThat(info.keyType()).isEqualTo("ecdsa-sha2-nistp256");
        assertThat(info.fingerprint()).isEqualTo(SshKeys.describe(kp.getPublic()).fingerprint()).startsWith("SHA256:");
        assertThat(info.createdBy()).isEqualTo("alice");
        var raw = db.scalar("SELECT secret FROM inv_credential WHERE project = ? AND name = ?", p, "deploy-key");
        assertThat(raw).startsWith("enc:v1:").doesNotContain("PRIVATE KEY").doesNotContain("s3cret");
        assertThat(credentials.credential(p, "deploy-key")).isEqualTo(new Credential.PrivateKey(key, "s3cret"));

        credentials.create(p, CredentialSpec.password("pw", "hunter2"), "alice");
        assertThat(db.scalar("SELECT secret FROM inv_credential WHERE name = ? AND project = ?", "pw", p)).doesNotContain("hunter2");
        assertThat(credentials.list(p)).extracting(CredentialInfo::name, CredentialInfo::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("deploy-key", CredentialKind.SSH_KEY),
                        org.assertj.core.groups.Tuple.tuple("pw", CredentialKind.PASSWORD));
        assertThat(credentials.list(p).toString()).doesNotContain("hunter2").doesNotContain("PRIVATE");

        var rsa = TestKeys.generate("RSA", 2048);
        assertThat(credentials.create(p, CredentialSpec.sshKey("rsa", TestKeys.pkcs8(rsa.getPrivate()), null), "bob").keyType()).isEqualTo("ssh-rsa");
    }

    @Test
    void bad_keys_and_passphrases_are_rejected_with_the_field_at_fault() {
        var key = TestKeys.openssh(TestKeys.generate("EC", 256), "right");
        assertThatThrownBy(() -> credentials.create(p, CredentialSpec.sshKey("k", key, "wrong"), "a"))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems().getFirst())
                        .extracting(Problem::field, Problem::message).containsExactly("passphrase", "wrong passphrase (or a corrupt key)"));
        assertThatThrownBy(() -> credentials.create(p, CredentialSpec.sshKey("k", key, null), "a"))
                .hasMessageContaining("passphrase: the key is encrypted: a passphrase is required");
        assertThatThrownBy(() -> credentials.create(p, CredentialSpec.sshKey("k", "hello", null), "a"))
                .hasMessageContaining("privateKey: not a private key");
        assertThatThrownBy(() -> credentials.create(p, CredentialSpec.password("k", ""), "a")).hasMessageContaining("password is required");
        assertThat(credentials.list(p)).isEmpty();
    }

    @Test
    void accounts_reference_credentials_and_decrypt_for_the_runner() {
        credentials.create(p, CredentialSpec.password("pw", "hunter2"), "alice");
        accounts.create(p, new AccountSpec("deploy", "deploy", "pw", "root"));
        var account = accounts.account(p, "deploy");
        assertThat(account.user()).isEqualTo("deploy");
        assertThat(account.sudoUser()).isEqualTo("root");
        assertThat(account.credential()).isEqualTo(new Credential.Password("hunter2"));
        assertThatThrownBy(() -> credentials.delete(p, "pw")).isInstanceOf(InventoryConflictException.class)
                .hasMessageContaining("used by account(s) deploy");
        assertThatThrownBy(() -> accounts.create(p, new AccountSpec("other", "x", "nope", null)))
                .isInstanceOfSatisfying(TemplateInvalidException.class, e -> assertThat(e.problems().getFirst().field()).isEqualTo("credential"));
        accounts.update(p, "deploy", new AccountSpec(null, "deploy2", null, null));
        assertThat(accounts.account(p, "deploy").credential()).isNull();
        credentials.delete(p, "pw");
        accounts.delete(p, "deploy");
        assertThat(accounts.list(p)).isEmpty();
        assertThatThrownBy(() -> accounts.account(p, "deploy")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void known_hosts_are_recorded_listed_per_project_and_forgotten() {
        var key = SshKeys.describe(TestKeys.generate("EC", 256).getPublic());
        var known = hostKeys.knownHosts();
        var address = "10.1." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        assertThat(known.find(address, 22)).isEmpty();
        known.record(address, 22, key.publicKey());
        assertThat(known.find(address, 22)).contains(key.publicKey());
        assertThat(hostKeys.keys(p)).isEmpty();
        inventory.createHost(p, new HostSpec("h", address, 22, null, null));
        assertThat(hostKeys.keys(p)).singleElement().satisfies(k -> {
            assertThat(k.fingerprint()).isEqualTo(key.fingerprint());
            assertThat(k.keyType()).isEqualTo("ecdsa-sha2-nistp256");
            assertThat(k.firstSeen()).isNotNull();
        });
        var other = SshKeys.describe(TestKeys.generate("EC", 256).getPublic());
        known.record(address, 22, other.publicKey());
        assertThat(known.find(address, 22)).contains(other.publicKey());
        assertThatThrownBy(() -> hostKeys.forget(p, address, 2222)).isInstanceOf(NoSuchElementException.class);
        hostKeys.forget(p, address, 22);
        assertThat(known.find(address, 22)).isEmpty();

        assertThat(hostKeys.policy(p)).isEqualTo(HostKeyPolicy.TRUST_ON_FIRST_USE);
        hostKeys.setPolicy(p, HostKeyPolicy.STRICT, "alice");
        assertThat(hostKeys.policy(p)).isEqualTo(HostKeyPolicy.STRICT);
        hostKeys.setPolicy(p, HostKeyService.parsePolicy("tofu"), "alice");
        assertThat(hostKeys.policy(p)).isEqualTo(HostKeyPolicy.TRUST_ON_FIRST_USE);
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }

    private static List<HostSpec> specs(List<HostRecord> hosts) {
        return hosts.stream().map(HostRecord::spec).toList();
    }
}
