package dev.opsflow.engine.template;

/**
 * The stable {@link Problem#code()} values. Clients (UI, CLI, API consumers) may match on them; a
 * code's meaning never changes once shipped. Documented in docs/templates.md.
 */
public final class ProblemCodes {
    // Format (TemplateParser)
    /** The source is not valid YAML/JSON or not a mapping at the top. */
    public static final String SYNTAX = "syntax";
    /** A field the format does not define, e.g. a misspelt {@code nxt}. */
    public static final String UNKNOWN_FIELD = "unknown-field";
    /** A key given twice in one mapping. */
    public static final String DUPLICATE_KEY = "duplicate-key";
    /** A required field is absent (template name, node id, node kind). */
    public static final String MISSING_FIELD = "missing-field";
    /** A field has the wrong type or an unknown value (e.g. {@code onError: retry}, a bad duration). */
    public static final String INVALID_FIELD = "invalid-field";
    /** A field that does not apply to the node's kind, e.g. {@code plugin} on a gateway. */
    public static final String FIELD_NOT_ALLOWED = "field-not-allowed";
    /** {@code kind} is not one of the node kinds. */
    public static final String UNKNOWN_KIND = "unknown-kind";
    /** {@code loopLimit} below 1. */
    public static final String INVALID_LOOP_LIMIT = "invalid-loop-limit";

    // Nodes and graph (TemplateCompiler)
    public static final String DUPLICATE_NODE_ID = "duplicate-node-id";
    /** Ids are used in expressions, so they must be identifiers and not reserved words. */
    public static final String INVALID_NODE_ID = "invalid-node-id";
    /** A node id equal to an input name; both would be the same root in expressions. */
    public static final String NAME_CLASH = "name-clash";
    public static final String MISSING_START = "missing-start";
    public static final String MULTIPLE_STARTS = "multiple-starts";
    public static final String MISSING_END = "missing-end";
    /** A {@code next} or branch {@code to} names no node. */
    public static final String UNKNOWN_TARGET = "unknown-target";
    public static final String START_INCOMING = "start-incoming";
    public static final String START_OUTGOING = "start-outgoing";
    /** A plugin, subflow or converge node without exactly one {@code next}. */
    public static final String NEXT_COUNT = "next-count";
    /** {@code next} on a gateway (gateways use {@code branches}). */
    public static final String UNEXPECTED_NEXT = "unexpected-next";
    /** {@code branches} on a node that is not a gateway. */
    public static final String UNEXPECTED_BRANCHES = "unexpected-branches";
    public static final String END_OUTGOING = "end-outgoing";
    /** A gateway with fewer than two branches. */
    public static final String GATEWAY_BRANCHES = "gateway-branches";
    public static final String MULTIPLE_DEFAULTS = "multiple-defaults";
    /** A non-default exclusive/inclusive branch without {@code when}. */
    public static final String MISSING_CONDITION = "missing-condition";
    /** {@code when} on a parallel branch or on a default branch. */
    public static final String UNEXPECTED_CONDITION = "unexpected-condition";
    public static final String UNREACHABLE = "unreachable";
    public static final String DEAD_END = "dead-end";
    /** A parallel/inclusive gateway whose branches never meet at a converge. */
    public static final String MISSING_CONVERGE = "missing-converge";
    /** Branches of one gateway share a node, reach an end or reach different converges. */
    public static final String BRANCH_CROSSING = "branch-crossing";
    /** A converge that joins more than one gateway. */
    public static final String SHARED_CONVERGE = "shared-converge";
    /** A converge that joins no parallel/inclusive gateway. */
    public static final String ORPHAN_CONVERGE = "orphan-converge";
    /** A cycle that does not pass through an exclusive gateway. */
    public static final String CYCLE_WITHOUT_EXCLUSIVE = "cycle-without-exclusive";
    /** {@code retry.maxAttempts} below 1. */
    public static final String INVALID_RETRY = "invalid-retry";

    // Plugins
    public static final String MISSING_PLUGIN = "missing-plugin";
    public static final String UNKNOWN_PLUGIN = "unknown-plugin";
    public static final String UNKNOWN_PLUGIN_VERSION = "unknown-plugin-version";
    public static final String UNKNOWN_INPUT = "unknown-input";
    /** A literal input value of the wrong type (or not one of a select's options). */
    public static final String INPUT_TYPE = "input-type";
    /** A required plugin input without value or default. */
    public static final String MISSING_INPUT = "missing-input";

    // Expressions
    public static final String INVALID_EXPRESSION = "invalid-expression";
    /** The root of a reference is not an input, a plugin/subflow node or {@code _system.<key>}. */
    public static final String UNKNOWN_REFERENCE = "unknown-reference";
    /** {@code node.key} where the node's plugin declares no output {@code key}. */
    public static final String UNKNOWN_OUTPUT = "unknown-output";

    // Variables (template inputs, and VariableBinder at task creation)
    /** Bad variable definition: name, unknown type, bad regex, select without options, bad default. */
    public static final String INVALID_VARIABLE = "invalid-variable";
    /** VariableBinder: a value for a name the template does not declare. */
    public static final String UNKNOWN_VARIABLE = "unknown-variable";
    /** VariableBinder: a required variable without value or default. */
    public static final String MISSING_VARIABLE = "missing-variable";
    /** VariableBinder: a value that cannot be coerced, fails the regex or is not an option. */
    public static final String INVALID_VARIABLE_VALUE = "invalid-variable-value";

    // Subflows
    public static final String MISSING_SUBFLOW_TEMPLATE = "missing-subflow-template";
    public static final String UNKNOWN_SUBFLOW_TEMPLATE = "unknown-subflow-template";
    public static final String UNKNOWN_SUBFLOW_INPUT = "unknown-subflow-input";
    public static final String MISSING_SUBFLOW_INPUT = "missing-subflow-input";
    /** A subflow {@code outputs} mapping names an output the child template does not declare. */
    public static final String UNKNOWN_SUBFLOW_OUTPUT = "unknown-subflow-output";

    private ProblemCodes() {
    }
}
