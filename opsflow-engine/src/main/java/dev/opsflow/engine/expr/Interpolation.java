package dev.opsflow.engine.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template string into literal text and {@code ${...}} expressions. {@code $${} is an
 * escape for a literal {@code ${}. The closing brace is found by counting braces outside string
 * literals, so map literals ({@code ${ {'a': 1}.a }}) and strings holding braces work.
 */
final class Interpolation {

    /** A piece of a template string: literal text, or an expression with its inner source. */
    sealed interface Part permits Literal, Expr {
    }

    record Literal(String text) implements Part {
    }

    /** @param source the full {@code ${...}} text; @param inner the expression between the braces */
    record Expr(String source, String inner) implements Part {
    }

    /** @param parts the pieces in order; @param error null, or why the string is malformed */
    record Parsed(List<Part> parts, String error) {
        /** @return true when the whole string is one expression (its type is kept when rendered) */
        boolean single() {
            return parts.size() == 1 && parts.getFirst() instanceof Expr;
        }

        boolean hasExpression() {
            return parts.stream().anyMatch(p -> p instanceof Expr);
        }
    }

    private Interpolation() {
    }

    static Parsed parse(String s) {
        var parts = new ArrayList<Part>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
                continue;
            }
            if (!s.startsWith("${", i)) {
                literal.append(s.charAt(i++));
                continue;
            }
            int end = closingBrace(s, i + 2);
            if (end < 0) {
                return new Parsed(List.copyOf(parts), "unterminated '${' in '" + s + "'");
            }
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Expr(s.substring(i, end + 1), s.substring(i + 2, end)));
            i = end + 1;
        }
        if (!literal.isEmpty()) parts.add(new Literal(literal.toString()));
        return new Parsed(List.copyOf(parts), null);
    }

    /** @return true when the string holds at least one (unescaped) {@code ${} */
    static boolean hasExpression(String s) {
        int i = s.indexOf("${");
        while (i >= 0) {
            if (i == 0 || s.charAt(i - 1) != '$') return true;
            i = s.indexOf("${", i + 2);
        }
        return false;
    }

    /**
     * A condition may be written bare ({@code a == 1}) or wrapped ({@code ${a == 1}}).
     *
     * @return the bare expression text
     * @throws ExpressionException when text and {@code ${}} are mixed, e.g. {@code ${a} == 1}
     */
    static String unwrapCondition(String condition) {
        var t = condition.trim();
        if (!t.contains("${")) return t;
        var parsed = parse(t);
        if (parsed.error() != null) throw new ExpressionException(parsed.error());
        if (!parsed.single()) {
            throw new ExpressionException("condition '" + condition
                    + "' mixes text and ${...}; write one expression, e.g. ${a == 1 and b > 2}");
        }
        return ((Expr) parsed.parts().getFirst()).inner();
    }

    /** @return index of the brace closing an expression starting at {@code from}, or -1 */
    private static int closingBrace(String s, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) return i;
                depth--;
            }
        }
        return -1;
    }
}
