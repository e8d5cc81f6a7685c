package dev.opsflow.jobs.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simple {@code ${name}} substitution of job variables (no expressions). A target written exactly as
 * {@code ${hostsVar}} expands to the variable's list of targets; elsewhere a list is joined with ",".
 * Values of secret variables that were substituted are collected, so they are masked in output.
 */
public final class Substitution {
    static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private final Map<String, Object> values;
    private final Set<String> secretNames;
    private final Set<String> usedSecrets = new LinkedHashSet<>();

    /** @param values bound variable values (String, Long, or List of String for hosts) */
    public Substitution(Map<String, Object> values, Set<String> secretNames) {
        this.values = values;
        this.secretNames = secretNames;
    }

    /** @return the names referenced in {@code text} */
    public static Set<String> references(String text) {
        var out = new LinkedHashSet<String>();
        if (text == null) return out;
        var m = REF.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** @throws IllegalArgumentException for a reference to an unknown variable */
    public String apply(String text) {
        if (text == null) return null;
        var m = REF.matcher(text);
        var sb = new StringBuilder();
        while (m.find()) {
            var name = m.group(1);
            if (!values.containsKey(name)) throw new IllegalArgumentException("unknown variable '" + name + "'");
            var v = values.get(name);
            var s = v == null ? "" : v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v.toString();
            if (secretNames.contains(name)) usedSecrets.add(s);
            m.appendReplacement(sb, Matcher.quoteReplacement(s));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public List<String> applyAll(List<String> texts) {
        return texts.stream().map(this::apply).toList();
    }

    /** Substitutes targets; an element that is exactly one reference to a list expands to its elements. */
    public List<String> targets(List<String> targets) {
        var out = new ArrayList<String>();
        for (var t : targets) {
            var m = REF.matcher(t.trim());
            if (m.matches() && values.get(m.group(1)) instanceof List<?> l) {
                l.forEach(x -> out.add(String.valueOf(x)));
            } else {
                out.add(apply(t));
            }
        }
        return out;
    }

    /** @return the values of secret variables substituted so far */
    public Set<String> usedSecrets() {
        return usedSecrets;
    }
}
