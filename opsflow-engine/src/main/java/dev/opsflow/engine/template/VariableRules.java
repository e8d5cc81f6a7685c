package dev.opsflow.engine.template;

import static dev.opsflow.engine.template.ProblemCodes.INVALID_VARIABLE;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Rules for variable definitions: names, regexes, options and defaults. */
final class VariableRules {
    private VariableRules() {
    }

    static void check(Template t, List<Problem> out) {
        for (var v : t.inputs().values()) {
            var field = "inputs." + v.name();
            if (!Names.isIdentifier(v.name())) {
                out.add(new Problem(null, field, v.line(), INVALID_VARIABLE, "input name '" + v.name()
                        + "' must match [A-Za-z_][A-Za-z0-9_]* and not be a reserved word"));
            }
            boolean regexOk = true;
            if (v.regex() != null) {
                try {
                    Pattern.compile(v.regex());
                } catch (PatternSyntaxException e) {
                    regexOk = false;
                    out.add(new Problem(null, field + ".regex", v.line(), INVALID_VARIABLE, "invalid regex '" + v.regex() + "': " + e.getDescription()));
                }
            }
            boolean choice = v.type() == VariableType.SELECT || v.type() == VariableType.MULTISELECT;
            if (choice && v.options().isEmpty()) {
                out.add(new Problem(null, field + ".options", v.line(), INVALID_VARIABLE, "a " + v.type().wireName() + " input needs options"));
            } else if (!choice && !v.options().isEmpty()) {
                out.add(new Problem(null, field + ".options", v.line(), INVALID_VARIABLE, "options apply to select and multiselect inputs only"));
            }
            if (v.defaultValue() != null && regexOk && !(choice && v.options().isEmpty())) {
                try {
                    VariableBinder.coerceAndCheck(v, v.defaultValue());
                } catch (IllegalArgumentException e) {
                    out.add(new Problem(null, field + ".default", v.line(), INVALID_VARIABLE, "default " + e.getMessage()));
                }
            }
        }
    }
}
