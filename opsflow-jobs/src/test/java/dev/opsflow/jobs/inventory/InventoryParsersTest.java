package dev.opsflow.jobs.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsflow.engine.template.Problem;
import dev.opsflow.engine.template.TemplateInvalidException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryParsersTest {
    static final String INI = """
            # production
            bastion ansible_host=10.0.0.1 ansible_port=2222

            [web]
            web[01:03].example.com env_tier=front
            edge.example.com:2200 note="two words"   # inline comment

            [db]
            db1 ansible_host=10.0.1.1 ansible_user=postgres opsflow_os=freebsd

            [prod:children]
            web
            db

            [prod:vars]
            env=prod
            [web:vars]
            env=web-prod
            role=web
            """;

    @Test
    void ini_hosts_ranges_groups_children_and_vars_map_to_hosts_labels_and_static_groups() {
        var p = AnsibleIniParser.parse(INI);
        var hosts = hosts(p);
        assertThat(hosts.keySet()).containsExactly("bastion", "web01.example.com", "web02.example.com", "web03.example.com",
                "edge.example.com", "db1");
        assertThat(hosts.get("bastion")).isEqualTo(new HostSpec("bastion", "10.0.0.1", 2222, null, Map.of()));
        assertThat(hosts.get("web02.example.com").labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "env_tier", "front", "env", "web-prod", "role", "web", "group.web", "true", "group.prod", "true"));
        assertThat(hosts.get("edge.example.com").port()).isEqualTo(2200);
        assertThat(hosts.get("edge.example.com").labels()).containsEntry("note", "two words");
        var db1 = hosts.get("db1");
        assertThat(db1.address()).isEqualTo("10.0.1.1");
        assertThat(db1.os()).isEqualTo("freebsd");
        assertThat(db1.labels()).containsEntry("ansible_user", "postgres").containsEntry("env", "prod");
        assertThat(p.groups()).extracting(g -> g.value().name() + "=" + g.value().members()).containsExactly(
                "web=[web01.example.com, web02.example.com, web03.example.com, edge.example.com]", "db=[db1]",
                "prod=[web01.example.com, web02.example.com, web03.example.com, edge.example.com, db1]");
    }

    @Test
    void ini_errors_name_their_lines_and_all_are_reported_at_once() {
        var text = """
                [web]
                web1 ansible_port=http
                web2 novalue
                web[3:1]
                bad_host!name
                [web:oops]
                [db
                """;
        assertThatThrownBy(() -> AnsibleIniParser.parse(text)).isInstanceOfSatisfying(TemplateInvalidException.class,
                e -> assertThat(e.problems()).extracting(Problem::line).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7));
        assertThatThrownBy(() -> AnsibleIniParser.parse("[web]\nweb1 ansible_port=http\n"))
                .hasMessageContaining("line 2: ").hasMessageContaining("ansible_port must be a number 1..65535 but was 'http'");
    }

    @Test
    void ini_children_cycles_are_rejected() {
        assertThatThrownBy(() -> AnsibleIniParser.parse("[a:children]\nb\n[b:children]\na\n"))
                .hasMessageContaining("line 4: ").hasMessageContaining("cycle");
    }

    @Test
    void yaml_inventory_maps_like_ini() {
        var yaml = """
                all:
                  vars:
                    env: prod
                  hosts:
                    bastion:
                      ansible_host: 10.0.0.1
                      ansible_port: 2222
                  children:
                    web:
                      vars: {role: web}
                      hosts:
                        web[1:2]:
                        edge:
                          ansible_port: 2200
                          tags: [a, b]
                db:
                  hosts:
                    db1:
                """;
        var p = AnsibleYamlParser.parse(yaml);
        var hosts = hosts(p);
        assertThat(hosts.keySet()).containsExactly("bastion", "web1", "web2", "edge", "db1");
        assertThat(hosts.get("bastion")).isEqualTo(new HostSpec("bastion", "10.0.0.1", 2222, null, Map.of("env", "prod")));
        assertThat(hosts.get("edge").labels()).containsEntry("tags", "[\"a\",\"b\"]").containsEntry("role", "web")
                .containsEntry("group.web", "true");
        assertThat(hosts.get("db1").labels()).containsEntry("env", "prod").containsEntry("group.db", "true");
        assertThat(p.groups()).extracting(g -> g.value().name()).containsExactly("web", "db");
    }

    @Test
    void yaml_errors_name_their_lines() {
        var yaml = """
                all:
                  hosts:
                    web1:
                      ansible_port: 99999
                  children:
                    web:
                      members: [x]
                """;
        assertThatThrownBy(() -> AnsibleYamlParser.parse(yaml)).isInstanceOfSatisfying(TemplateInvalidException.class,
                e -> assertThat(e.problems()).extracting(Problem::line).containsExactlyInAnyOrder(4, 7));
        assertThatThrownBy(() -> AnsibleYamlParser.parse("all:\n  hosts: [\n")).hasMessageContaining("not valid YAML");
    }

    @Test
    void csv_reads_header_columns_in_any_order_with_quoted_fields_and_labels() {
        var csv = """
                name,labels,address,port,os
                web1,env=prod;role=web,10.0.0.1,2222,linux
                # a comment
                web2,"note=a, b;path=x\\;y",,,
                """;
        var hosts = hosts(CsvInventory.parse(csv));
        assertThat(hosts.get("web1")).isEqualTo(new HostSpec("web1", "10.0.0.1", 2222, "linux", Map.of("env", "prod", "role", "web")));
        assertThat(hosts.get("web2")).isEqualTo(new HostSpec("web2", "web2", 22, "linux", Map.of("note", "a, b", "path", "x;y")));
    }

    @Test
    void csv_errors_name_their_lines() {
        var csv = """
                name,address,port,os,labels
                web1,10.0.0.1,22,linux,env=prod
                web2,10.0.0.2,port,linux,
                web3,10.0.0.3,22,linux,novalue
                web1,10.0.0.4,22,linux,
                "web5,10.0.0.5,22,linux,
                web6,10.0.0.6,22
                """;
        assertThatThrownBy(() -> CsvInventory.parse(csv)).isInstanceOfSatisfying(TemplateInvalidException.class, e -> {
            assertThat(e.problems()).extracting(Problem::line).containsExactly(3, 4, 5, 6, 7);
            assertThat(e.problems().get(2).message()).isEqualTo("host 'web1' is already defined on line 2");
        });
        assertThatThrownBy(() -> CsvInventory.parse("host,ip\n")).hasMessageContaining("line 1: ").hasMessageContaining("unknown column 'host'");
    }

    @Test
    void formats_are_sniffed_from_the_first_meaningful_line() {
        assertThat(InventoryFormat.sniff("# x\nname,address\n")).isEqualTo(InventoryFormat.CSV);
        assertThat(InventoryFormat.sniff("\nall:\n  hosts:\n")).isEqualTo(InventoryFormat.YAML);
        assertThat(InventoryFormat.sniff("---\nall:\n")).isEqualTo(InventoryFormat.YAML);
        assertThat(InventoryFormat.sniff("[web]\nweb1\n")).isEqualTo(InventoryFormat.INI);
        assertThat(InventoryFormat.sniff("web1:2222 a=b\n")).isEqualTo(InventoryFormat.INI);
    }

    @Test
    void host_ranges_keep_padding_and_support_letters_and_strides() {
        assertThat(HostRanges.expand("web[01:03].x")).containsExactly("web01.x", "web02.x", "web03.x");
        assertThat(HostRanges.expand("db-[a:c]")).containsExactly("db-a", "db-b", "db-c");
        assertThat(HostRanges.expand("n[0:10:5]")).containsExactly("n0", "n5", "n10");
        assertThat(HostRanges.expand("r[1:2]c[1:2]")).containsExactly("r1c1", "r1c2", "r2c1", "r2c2");
        assertThatThrownBy(() -> HostRanges.expand("web[3:1]")).hasMessageContaining("after end");
    }

    @Test
    void csv_export_reads_back_to_the_same_hosts() {
        var hosts = List.of(new HostRecord("a", "10.0.0.1", 22, "linux", Map.of("note", "x, y;z", "env", "prod"), null, null),
                new HostRecord("b", "b.example.com", 2200, "windows server", Map.of(), null, null));
        var back = hosts(CsvInventory.parse(CsvInventory.write(hosts)));
        assertThat(back.values()).containsExactly(hosts.get(0).spec(), hosts.get(1).spec());
    }

    static Map<String, HostSpec> hosts(ParsedInventory p) {
        var out = new java.util.LinkedHashMap<String, HostSpec>();
        p.hosts().forEach(h -> out.put(h.value().name(), h.value()));
        return out;
    }
}
