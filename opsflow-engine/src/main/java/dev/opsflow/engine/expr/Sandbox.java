package dev.opsflow.engine.expr;

import java.math.MathContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.apache.commons.jexl3.introspection.JexlSandbox;

/**
 * The JEXL engine behind {@link Expressions}, locked down in three layers so that an expression stays
 * data even if one layer is bypassed:
 * <ol>
 *   <li>{@link ExpressionScanner} rejects forbidden words and non-allowlisted calls with clear messages;</li>
 *   <li>{@link JexlFeatures} make the parser refuse statements, loops, assignments, {@code new},
 *       lambdas, pragmas, annotations and namespaces;</li>
 *   <li>a deny-by-default {@link JexlSandbox} (only the classes and methods below are callable, no
 *       bean properties except map keys) on top of {@link JexlPermissions#RESTRICTED}, so even an
 *       expression that slipped past the first two layers cannot reach a class, a file or a process.</li>
 * </ol>
 */
final class Sandbox {
    /** Methods callable on strings. */
    static final List<String> STRING_METHODS = List.of("startsWith", "endsWith", "contains", "toUpperCase",
            "toLowerCase", "trim", "strip", "length", "substring", "replace", "split", "indexOf", "lastIndexOf",
            "isEmpty", "isBlank", "matches", "equals", "equalsIgnoreCase", "charAt");
    /** Methods callable on lists and sets (any {@link java.util.Collection}). */
    static final List<String> COLLECTION_METHODS = List.of("size", "get", "contains", "containsAll", "isEmpty", "indexOf");
    /** Methods callable on maps. */
    static final List<String> MAP_METHODS = List.of("size", "get", "getOrDefault", "containsKey", "containsValue",
            "isEmpty", "keySet", "values");
    /** Built-in functions ({@code size(x)}, {@code empty(x)}); no other function is callable. */
    static final Set<String> FUNCTIONS = Set.of("size", "empty");

    /** Every allowlisted method name, for the scanner's check and for messages. */
    static final Set<String> METHODS;

    static {
        var all = new TreeSet<String>();
        all.addAll(STRING_METHODS);
        all.addAll(COLLECTION_METHODS);
        all.addAll(MAP_METHODS);
        METHODS = Set.copyOf(all);
    }

    private Sandbox() {
    }

    static JexlFeatures features() {
        return new JexlFeatures()
                .script(false) // one expression, no statements
                .localVar(false).loops(false).lambda(false).fatArrow(false).thinArrow(false)
                .sideEffect(false).sideEffectGlobal(false)
                .newInstance(false).pragma(false).pragmaAnywhere(false).namespacePragma(false)
                .importPragma(false).annotation(false).namespaceIdentifier(false)
                .namespaceTest(JexlFeatures.TEST_STR_FALSE)
                .methodCall(true).structuredLiteral(true).arrayReferenceExpr(true);
    }

    static JexlSandbox sandbox() {
        // (false, true): classes not listed are denied; permissions are inherited by subclasses and
        // implementations, so ArrayList, List.of(...) and HashMap are covered by their interfaces.
        var sb = new JexlSandbox(false, true);
        // read(NONE) turns property reads into an allow-list with no real member: no bean property of
        // a String (notably 'class') is readable.
        sb.allow(String.class.getName()).read(NONE).write(NONE).execute(STRING_METHODS.toArray(String[]::new));
        sb.allow("java.util.Collection").read(NONE).write(NONE).execute(COLLECTION_METHODS.toArray(String[]::new));
        sb.allow("java.util.List").read(NONE).write(NONE).execute(COLLECTION_METHODS.toArray(String[]::new));
        sb.allow("java.util.Set").read(NONE).write(NONE).execute(COLLECTION_METHODS.toArray(String[]::new));
        // Map reads are key lookups (build.url), so every read is allowed; writes are not.
        sb.allow("java.util.Map").write(NONE).execute(MAP_METHODS.toArray(String[]::new));
        return sb;
    }

    private static final String NONE = "-none-";

    static JexlEngine engine() {
        var permissions = JexlPermissions.RESTRICTED.compose("java.lang { Object { getClass(); } }");
        return new JexlBuilder()
                .features(features())
                .permissions(permissions)
                .sandbox(sandbox())
                .arithmetic(new ListArithmetic(true, null, Integer.MIN_VALUE))
                .strict(true).safe(false).silent(false)
                .antish(false) // 'a.b' is never a variable literally named "a.b"
                .debug(false)
                .cache(0) // Expressions keeps its own bounded cache of checked expressions
                .create();
    }

    /** Strict arithmetic whose {@code [a, b]} literals are lists, so they keep a JSON-friendly type. */
    static final class ListArithmetic extends JexlArithmetic {
        ListArithmetic(boolean strict, MathContext context, int scale) {
            super(strict, context, scale);
        }

        @Override
        public ArrayBuilder arrayBuilder(int size, boolean extended) {
            return super.arrayBuilder(size, true);
        }

        @Override
        protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
            return new ListArithmetic(strict, context, scale);
        }
    }
}
