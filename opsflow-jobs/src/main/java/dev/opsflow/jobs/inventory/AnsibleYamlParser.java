package dev.opsflow.jobs.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an Ansible YAML inventory:
 * <pre>
 * all:
 *   vars: {env: prod}
 *   hosts: {bastion: {ansible_host: 10.0.0.1}}
 *   children:
 *     web:
 *       hosts: {"web[01:03].example.com": null}
 *       vars: {role: web}
 *       children: {...}
 * </pre>
 * Top-level keys other than {@code all} are groups below {@code all}. Scalar vars become label text;
 * list and map vars become their JSON text. Every problem names its 1-based line.
 */
final class AnsibleYamlParser {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private AnsibleYamlParser() {
    }

    /** A parsed YAML value with the line it starts on: a Map (ordered), a List, a String or null. */
    record Node(Object value, int line) {
        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return value instanceof Map<?, ?> m ? (Map<String, Node>) m : null;
        }
    }

    /** @throws dev.opsflow.engine.template.TemplateInvalidException with every problem and its line */
    static ParsedInventory parse(String text) {
        var model = new AnsibleModel();
        Node root;
        try (var p = YAML.createParser(text)) {
            if (p.nextToken() == null) {
                model.problems.add(null, 1, "empty", "the inventory is empty");
                model.problems.throwIfAny();
            }
            root = read(p);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            model.problems.add(null, loc == null ? 0 : loc.getLineNr(), "syntax", "not valid YAML: " + e.getOriginalMessage());
            model.problems.throwIfAny();
            return null;
        }
        if (root.map() == null) {
            model.problems.add(null, root.line(), "syntax", "expected a mapping of groups (all: ...)");
            model.problems.throwIfAny();
        }
        var all = model.group(AnsibleModel.ALL, root.line());
        for (var e : root.map().entrySet()) {
            var g = model.group(e.getKey(), e.getValue().line());
            if (!e.getKey().equals(AnsibleModel.ALL)) model.child(all, g, e.getValue().line());
            group(model, g, e.getValue());
        }
        return model.build();
    }

    private static void group(AnsibleModel model, AnsibleModel.Group g, Node node) {
        if (node.value() == null) return;
        var body = node.map();
        if (body == null) {
            model.problems.add("groups." + g.name, node.line(), "syntax", "group '" + g.name + "' must be a mapping with hosts, vars or children");
            return;
        }
        for (var e : body.entrySet()) {
            var v = e.getValue();
            switch (e.getKey()) {
                case "hosts" -> {
                    if (v.value() == null) continue;
                    if (v.map() == null) {
                        model.problems.add("groups." + g.name + ".hosts", v.line(), "syntax", "hosts must be a mapping of host names");
                        continue;
                    }
                    v.map().forEach((pattern, hostNode) -> host(model, g, pattern, hostNode));
                }
                case "vars" -> {
                    if (v.value() == null) continue;
                    if (v.map() == null) {
                        model.problems.add("groups." + g.name + ".vars", v.line(), "syntax", "vars must be a mapping");
                        continue;
                    }
                    v.map().forEach((k, val) -> g.vars.put(k, var(val)));
                }
                case "children" -> {
                    if (v.value() == null) continue;
                    if (v.map() == null) {
                        model.problems.add("groups." + g.name + ".children", v.line(), "syntax", "children must be a mapping of groups");
                        continue;
                    }
                    v.map().forEach((name, childNode) -> {
                        var child = model.group(name, childNode.line());
                        model.child(g, child, childNode.line());
                        group(model, child, childNode);
                    });
                }
                default -> model.problems.add("groups." + g.name + "." + e.getKey(), v.line(), "unknown-key",
                        "unknown key '" + e.getKey() + "' in group '" + g.name + "' (expected hosts, vars or children)");
            }
        }
    }

    private static void host(AnsibleModel model, AnsibleModel.Group g, String pattern, Node node) {
        List<String> names;
        try {
            names = HostRanges.expand(pattern);
        } catch (IllegalArgumentException e) {
            model.problems.add("hosts." + pattern, node.line(), "syntax", e.getMessage());
            return;
        }
        if (node.value() != null && node.map() == null) {
            model.problems.add("hosts." + pattern, node.line(), "syntax", "host '" + pattern + "' must map to its vars or be empty");
            return;
        }
        for (var name : names) {
            var h = model.host(name, node.line());
            if (node.map() != null) node.map().forEach((k, val) -> h.vars.put(k, var(val)));
            model.member(g, h);
        }
    }

    private static AnsibleModel.Var var(Node n) {
        var v = n.value();
        var text = v == null ? "" : v instanceof String s ? s : Sql.JSON.writeValueAsString(plain(n));
        return new AnsibleModel.Var(text, n.line());
    }

    private static Object plain(Node n) {
        if (n.value() instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, v) -> out.put((String) k, plain((Node) v)));
            return out;
        }
        if (n.value() instanceof List<?> l) return l.stream().map(x -> plain((Node) x)).toList();
        return n.value();
    }

    /** Reads the value at the current token (already advanced to) into a {@link Node}. */
    private static Node read(JsonParser p) {
        int line = p.currentTokenLocation().getLineNr();
        var t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            var map = new LinkedHashMap<String, Node>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                var name = p.currentName();
                int nameLine = p.currentTokenLocation().getLineNr();
                p.nextToken();
                var value = read(p);
                map.put(name, new Node(value.value(), nameLine));
            }
            return new Node(map, line);
        }
        if (t == JsonToken.START_ARRAY) {
            var list = new java.util.ArrayList<Node>();
            while (p.nextToken() != JsonToken.END_ARRAY) list.add(read(p));
            return new Node(list, line);
        }
        if (t == JsonToken.VALUE_NULL) return new Node(null, line);
        return new Node(p.getString(), line);
    }
}
