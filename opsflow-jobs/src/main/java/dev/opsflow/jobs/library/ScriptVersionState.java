package dev.opsflow.jobs.library;

import dev.opsflow.engine.task.StateConflictException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of one script version. The one transition table:
 * <pre>
 * DRAFT   → ONLINE, DISABLED
 * ONLINE  → OFFLINE, DISABLED
 * OFFLINE → ONLINE, DISABLED
 * DISABLED (terminal)
 * </pre>
 * Only ONLINE versions can be picked for a quick execution; a plan step may pin any version except a
 * DISABLED one (checked when the step runs, not only when the plan is saved, because a version can be
 * disabled after the plan was written — that is what disabling is for).
 */
public enum ScriptVersionState {
    DRAFT, ONLINE, OFFLINE, DISABLED;

    private static final Map<ScriptVersionState, Set<ScriptVersionState>> ALLOWED = Map.of(
            DRAFT, EnumSet.of(ONLINE, DISABLED),
            ONLINE, EnumSet.of(OFFLINE, DISABLED),
            OFFLINE, EnumSet.of(ONLINE, DISABLED),
            DISABLED, EnumSet.noneOf(ScriptVersionState.class));

    /** @return true when {@code to} may follow this state */
    public boolean canBecome(ScriptVersionState to) {
        return ALLOWED.get(this).contains(to);
    }

    /**
     * @throws StateConflictException "Expected script 'x' version 2 to be DRAFT or OFFLINE but was ONLINE"
     */
    public void requireCanBecome(ScriptVersionState to, String script, int version) {
        if (canBecome(to)) return;
        var from = EnumSet.noneOf(ScriptVersionState.class);
        ALLOWED.forEach((state, targets) -> {
            if (targets.contains(to)) from.add(state);
        });
        var names = from.stream().map(Enum::name).toList();
        var expected = names.isEmpty() ? "(none)" : names.size() == 1 ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
        throw new StateConflictException("Expected script '" + script + "' version " + version + " to be " + expected
                + " but was " + this + " (cannot become " + to + ")");
    }

    /** @throws IllegalArgumentException listing the accepted names */
    public static ScriptVersionState parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("state: expected one of DRAFT, ONLINE, OFFLINE, DISABLED but got '" + s + "'");
        }
    }
}
