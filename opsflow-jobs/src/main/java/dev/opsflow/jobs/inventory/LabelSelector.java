package dev.opsflow.jobs.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A label selector, the rule of a dynamic host group and one kind of run target. Requirements are
 * separated by commas and all must hold (comma = and):
 * <pre>
 *   env=prod            label env equals prod ("==" is accepted too)
 *   region!=eu          label region is absent or differs from eu
 *   role in (web,db)    label role is one of the values
 *   role notin (web,db) label role is absent or none of the values
 *   maintenance         label maintenance is present (any value)
 *   !maintenance        label maintenance is absent
 * </pre>
 * Keys are label keys (letters, digits, '.', '_', '/', '-'); values are any characters except
 * whitespace, ',', '(', ')', '=' and '!'; whitespace between tokens is ignored. Immutable and thread-safe.
 */
public final class LabelSelector {
    /** One requirement on one label. */
    public sealed interface Requirement {
        String key();

        boolean matches(Map<String, String> labels);
    }

    public record Equals(String key, String value) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return value.equals(labels.get(key));
        }

        public String toString() {
            return key + "=" + value;
        }
    }

    public record NotEquals(String key, String value) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return !value.equals(labels.get(key));
        }

        public String toString() {
            return key + "!=" + value;
        }
    }

    public record In(String key, Set<String> values) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return labels.containsKey(key) && values.contains(labels.get(key));
        }

        public String toString() {
            return key + " in (" + String.join(",", values) + ")";
        }
    }

    public record NotIn(String key, Set<String> values) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return !labels.containsKey(key) || !values.contains(labels.get(key));
        }

        public String toString() {
            return key + " notin (" + String.join(",", values) + ")";
        }
    }

    public record Exists(String key) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return labels.containsKey(key);
        }

        public String toString() {
            return key;
        }
    }

    public record NotExists(String key) implements Requirement {
        public boolean matches(Map<String, String> labels) {
            return !labels.containsKey(key);
        }

        public String toString() {
            return "!" + key;
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /**
     * @param text a selector such as {@code env=prod,role in (web,db),!maintenance}
     * @return the parsed selector
     * @throws IllegalArgumentException naming the 1-based column and what was expected, e.g.
     *                                  "selector 'role in web': column 9: expected '(' but found 'w'"
     *                                  (empty values are allowed after '=' and '!=', not inside "in (...)")
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("selector is empty");
        return new Parser(text).parse();
    }

    /** @return true when every requirement holds for {@code labels} */
    public boolean matches(Map<String, String> labels) {
        for (var r : requirements) if (!r.matches(labels)) return false;
        return true;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /** @return the canonical text form, which {@link #parse} reads back to an equal selector */
    @Override
    public String toString() {
        return requirements.stream().map(Object::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector s && s.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode();
    }

    /** Recursive-descent parser over the text with a cursor; errors carry the column. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        LabelSelector parse() {
            var out = new ArrayList<Requirement>();
            do {
                out.add(requirement());
                skipSpace();
            } while (accept(','));
            if (pos < text.length()) throw error("expected ',' or the end but found '" + text.charAt(pos) + "'");
            return new LabelSelector(out);
        }

        private Requirement requirement() {
            skipSpace();
            if (accept('!')) {
                return new NotExists(key());
            }
            var key = key();
            skipSpace();
            if (accept('!')) {
                expect('=');
                return new NotEquals(key, value(true));
            }
            if (accept('=')) {
                accept('=');
                return new Equals(key, value(true));
            }
            if (word("notin")) return new NotIn(key, values());
            if (word("in")) return new In(key, values());
            return new Exists(key);
        }

        private String key() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && isKeyChar(text.charAt(pos))) pos++;
            if (start == pos) throw error("expected a label key");
            var key = text.substring(start, pos);
            if (!Problems.LABEL_KEY.matcher(key).matches()) {
                pos = start;
                throw error("invalid label key '" + key + "'");
            }
            return key;
        }

        private String value(boolean emptyAllowed) {
            skipSpace();
            int start = pos;
            while (pos < text.length() && isValueChar(text.charAt(pos))) pos++;
            if (start == pos && !emptyAllowed) throw error("expected a value");
            return text.substring(start, pos);
        }

        private Set<String> values() {
            skipSpace();
            expect('(');
            var values = new java.util.LinkedHashSet<String>();
            do {
                values.add(value(false));
                skipSpace();
            } while (accept(','));
            expect(')');
            return values;
        }

        private boolean word(String w) {
            if (text.startsWith(w, pos)) {
                int end = pos + w.length();
                if (end == text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(') {
                    pos = end;
                    return true;
                }
            }
            return false;
        }

        private boolean accept(char ch) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ch) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char ch) {
            if (!accept(ch)) {
                throw error("expected '" + ch + "'" + (pos < text.length() ? " but found '" + text.charAt(pos) + "'" : " but the selector ended"));
            }
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("selector '" + text + "': column " + (pos + 1) + ": " + message);
        }

        private static boolean isKeyChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '/' || c == '-';
        }

        private static boolean isValueChar(char c) {
            return !Character.isWhitespace(c) && c != ',' && c != '(' && c != ')' && c != '=' && c != '!';
        }
    }
}
