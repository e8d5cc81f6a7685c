package dev.opsflow.jobs.library;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.Arrays;
import java.util.List;

/** Unified diff (as {@code diff -u} prints it) between two script texts. */
public final class ScriptDiff {
    private static final int CONTEXT_LINES = 3;

    private ScriptDiff() {
    }

    /**
     * @param fromName label of the old text, e.g. {@code "deploy.sh@1"}
     * @param toName   label of the new text
     * @return the unified diff, lines joined by {@code \n} and ending in {@code \n}; empty when equal
     */
    public static String unified(String fromName, String from, String toName, String to) {
        var a = lines(from);
        var b = lines(to);
        var patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) return "";
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, patch, CONTEXT_LINES);
        return String.join("\n", out) + "\n";
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) return List.of();
        var t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.asList(t.split("\n", -1));
    }
}
