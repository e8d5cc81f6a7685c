package dev.opsflow.engine.template;

import java.util.Set;
import java.util.regex.Pattern;

/** Identifier rules shared by node ids and input names: both are roots of expression paths. */
final class Names {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Words the expression language gives a meaning, so they cannot name a variable. */
    static final Set<String> RESERVED = Set.of("and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "div", "mod",
            "empty", "size", "new", "true", "false", "null", "if", "else", "for", "while", "do", "var", "let", "const",
            "function", "return", "break", "continue", "in", "import", "_system", "NaN");

    private Names() {
    }

    static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name);
    }
}
