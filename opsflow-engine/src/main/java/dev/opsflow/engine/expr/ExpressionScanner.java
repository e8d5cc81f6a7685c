package dev.opsflow.engine.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * First sandbox layer: a lexical pass over one bare expression (the text between {@code ${ }}).
 * It rejects forbidden words and calls with messages an operator understands, and rewrites the
 * {@code in} / {@code not in} membership operators (outside string literals) to JEXL's
 * {@code =~} / {@code !~}.
 */
final class ExpressionScanner {
    /** Words that only serve class access, reflection, processes or I/O. */
    static final Set<String> FORBIDDEN_WORDS = Set.of("class", "getClass", "forName", "Class", "ClassLoader",
            "getClassLoader", "System", "Runtime", "getRuntime", "ProcessBuilder", "Process", "exec", "Thread",
            "reflect", "invoke", "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods",
            "getDeclaredField", "getField", "newInstance", "getConstructor", "Files", "File", "Paths", "Path",
            "URL", "URI", "Socket", "Unsafe", "MethodHandles", "Method", "Field", "Constructor");

    /** Keywords of JEXL's script language that have no place in an expression, with the reason. */
    static final Map<String, String> FORBIDDEN_KEYWORDS = Map.ofEntries(
            Map.entry("new", "'new' is not allowed: expressions cannot create objects"),
            Map.entry("for", "loops are not allowed"),
            Map.entry("while", "loops are not allowed"),
            Map.entry("do", "loops are not allowed"),
            Map.entry("var", "variable declarations are not allowed"),
            Map.entry("let", "variable declarations are not allowed"),
            Map.entry("const", "variable declarations are not allowed"),
            Map.entry("function", "functions and lambdas are not allowed"),
            Map.entry("return", "statements are not allowed"),
            Map.entry("if", "statements are not allowed; use the ternary 'c ? a : b'"),
            Map.entry("else", "statements are not allowed; use the ternary 'c ? a : b'"),
            Map.entry("break", "statements are not allowed"),
            Map.entry("continue", "statements are not allowed"),
            Map.entry("import", "imports are not allowed"));

    /** @param text the JEXL text to parse; @param problems reasons the expression is rejected */
    record Result(String text, List<String> problems) {
    }

    private ExpressionScanner() {
    }

    static Result scan(String expr) {
        var out = new StringBuilder(expr.length() + 4);
        var problems = new ArrayList<String>();
        String prev = null;      // previous significant token ("." , "?.", ":", a word, "STR", ...)
        int notAt = -1;          // where the last 'not' operator was written to out, for 'not in'
        int n = expr.length();
        int i = 0;
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                out.append(c);
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = endOfString(expr, i);
                if (end < 0) {
                    problems.add("unterminated string literal");
                    out.append(expr, i, n);
                    break;
                }
                if (isMember(prev) && nextNonSpace(expr, end + 1) == '(') {
                    problems.add("calling a method by a quoted name is not allowed");
                }
                out.append(expr, i, end + 1);
                i = end + 1;
                prev = "STR";
                notAt = -1;
                continue;
            }
            if (c == '`') {
                problems.add("template strings (backticks) are not allowed; use '...' or \"...\"");
                int end = expr.indexOf('`', i + 1);
                out.append(expr, i, end < 0 ? n : end + 1);
                i = end < 0 ? n : end + 1;
                prev = "STR";
                continue;
            }
            if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '_'
                        || (expr.charAt(j) == '.' && j + 1 < n && Character.isDigit(expr.charAt(j + 1))))) j++;
                out.append(expr, i, j);
                i = j;
                prev = "NUM";
                notAt = -1;
                continue;
            }
            if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(expr.charAt(j))) j++;
                var word = expr.substring(i, j);
                boolean member = isMember(prev);
                boolean call = nextNonSpace(expr, j) == '(';
                if (!member && word.equals("in")) {
                    if (notAt >= 0) {
                        out.setLength(notAt);
                        out.append("!~");
                    } else {
                        out.append("=~");
                    }
                    notAt = -1;
                    prev = "OP";
                    i = j;
                    continue;
                }
                check(word, member, call, ":".equals(prev), problems);
                notAt = !member && word.equals("not") ? out.length() : -1;
                out.append(word);
                prev = word;
                i = j;
                continue;
            }
            notAt = -1;
            if (c == '[' && indexable(prev)) {
                var m = INDEX.matcher(expr).region(i, n);
                if (m.lookingAt()) {
                    // list[2] becomes list.get(2): the sandbox passes a property index on as text, which
                    // JEXL's list access does not take (maps keep map['key'] and map.key)
                    out.append(".get(").append(m.group(1)).append(')');
                    prev = ")";
                    i = m.end();
                    continue;
                }
            }
            if (c == '?' && i + 1 < n && expr.charAt(i + 1) == '.') {
                out.append("?.");
                prev = "?.";
                i += 2;
                continue;
            }
            if ((c == '-' || c == '=') && i + 1 < n && expr.charAt(i + 1) == '>') {
                problems.add("lambdas are not allowed");
            } else if (c == '#') {
                problems.add("pragmas ('#') are not allowed");
            } else if (c == '@') {
                problems.add("annotations ('@') are not allowed");
            } else if (c == ';') {
                problems.add("only one expression is allowed (no ';')");
            }
            out.append(c);
            prev = String.valueOf(c);
            i++;
        }
        return new Result(out.toString(), distinct(problems));
    }

    private static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("\\[\\s*(\\d{1,6})\\s*]");

    /** @return true when a '[' after this token indexes a value (not a list literal) */
    private static boolean indexable(String prev) {
        if (prev == null) return false;
        if (prev.equals("]") || prev.equals(")")) return true;
        return !prev.isEmpty() && Character.isJavaIdentifierPart(prev.charAt(0)) && !prev.equals("NUM")
                && !prev.equals("OP") && !List.of("and", "or", "not", "in", "return", "new").contains(prev);
    }

    private static void check(String word, boolean member, boolean call, boolean afterColon, List<String> problems) {
        if (FORBIDDEN_WORDS.contains(word)) {
            problems.add("'" + word + "' is not allowed: class access, reflection, processes and I/O are outside the expression language");
            return;
        }
        if (!member && FORBIDDEN_KEYWORDS.containsKey(word)) {
            problems.add(FORBIDDEN_KEYWORDS.get(word));
            return;
        }
        if (!call) return;
        if (member) {
            if (!Sandbox.METHODS.contains(word)) {
                problems.add("method '" + word + "' is not allowed; allowed methods: " + String.join(", ", new TreeSet<>(Sandbox.METHODS)));
            }
        } else if (!Sandbox.FUNCTIONS.contains(word)) {
            problems.add((afterColon ? "namespace function '" : "function '") + word
                    + "(...)' is not allowed; only size(x), empty(x) and allowlisted methods such as s.startsWith('a')");
        }
    }

    private static boolean isMember(String prev) {
        return ".".equals(prev) || "?.".equals(prev);
    }

    private static int endOfString(String s, int start) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == quote) return i;
        }
        return -1;
    }

    private static char nextNonSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) return s.charAt(i);
        }
        return 0;
    }

    private static List<String> distinct(List<String> problems) {
        return problems.stream().distinct().toList();
    }
}
