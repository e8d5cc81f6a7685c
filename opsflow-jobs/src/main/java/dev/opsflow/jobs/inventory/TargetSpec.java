package dev.opsflow.jobs.inventory;

import dev.opsflow.exec.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run goes: a list of target items, resolved against a project's inventory by
 * {@link InventoryService#resolve}. Item forms:
 * <pre>
 *   local                       the Opsflow server itself (no SSH)
 *   host:web1   or   web1       one host by name
 *   group:web                   every host of a static or dynamic group
 *   env=prod,role in (web,db)   every host matching a label selector (any item containing '=', '!',
 *                               '(' or ' in ' / ' notin ' is read as a selector)
 *   selector:maintenance        an explicit selector (needed for a bare "label exists" test, which
 *                               would otherwise read as a host name)
 * </pre>
 *
 * @param items parsed items, in the given order
 */
public record TargetSpec(List<Item> items) {
    /** One target item. */
    public sealed interface Item {
    }

    /** The Opsflow server itself. */
    public record Local() implements Item {
        public String toString() {
            return Host.LOCAL;
        }
    }

    public record HostItem(String name) implements Item {
        public String toString() {
            return "host:" + name;
        }
    }

    public record GroupItem(String name) implements Item {
        public String toString() {
            return "group:" + name;
        }
    }

    public record SelectorItem(LabelSelector selector) implements Item {
        public String toString() {
            return "selector:" + selector;
        }
    }

    public TargetSpec {
        items = List.copyOf(items);
    }

    /**
     * @param targets target items as typed by a user
     * @throws IllegalArgumentException for an empty list, a blank item, or an invalid name or selector,
     *                                  naming the item ("targets[2]: ...")
     */
    public static TargetSpec parse(List<String> targets) {
        if (targets == null || targets.isEmpty()) throw new IllegalArgumentException("targets: at least one target is required");
        var items = new ArrayList<Item>();
        for (int i = 0; i < targets.size(); i++) {
            try {
                items.add(item(targets.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("targets[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new TargetSpec(items);
    }

    private static Item item(String raw) {
        if (raw == null || raw.isBlank()) throw new IllegalArgumentException("a target must not be empty");
        var t = raw.trim();
        if (t.equals(Host.LOCAL)) return new Local();
        if (t.startsWith("host:")) return new HostItem(name("host", t.substring(5)));
        if (t.startsWith("group:")) return new GroupItem(name("group", t.substring(6)));
        if (t.startsWith("selector:")) return new SelectorItem(LabelSelector.parse(t.substring(9)));
        if (looksLikeSelector(t)) return new SelectorItem(LabelSelector.parse(t));
        return new HostItem(name("host", t));
    }

    private static boolean looksLikeSelector(String t) {
        return t.contains("=") || t.contains("!") || t.contains("(") || t.contains(" in ") || t.contains(" notin ");
    }

    private static String name(String what, String name) {
        var n = name.trim();
        if (!Problems.NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid " + what + " name");
        }
        return n;
    }
}
