package dev.opsflow.jobs.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsflow.engine.task.StateConflictException;
import org.junit.jupiter.api.Test;

class ScriptVersionStateTest {
    @Test
    void draftGoesOnlineThenOfflineAndBackOnline() {
        assertThat(ScriptVersionState.DRAFT.canBecome(ScriptVersionState.ONLINE)).isTrue();
        assertThat(ScriptVersionState.ONLINE.canBecome(ScriptVersionState.OFFLINE)).isTrue();
        assertThat(ScriptVersionState.OFFLINE.canBecome(ScriptVersionState.ONLINE)).isTrue();
        assertThat(ScriptVersionState.DRAFT.canBecome(ScriptVersionState.OFFLINE)).isFalse();
    }

    @Test
    void anyStateCanBeDisabledAndDisabledIsFinal() {
        for (var s : ScriptVersionState.values()) {
            if (s != ScriptVersionState.DISABLED) assertThat(s.canBecome(ScriptVersionState.DISABLED)).isTrue();
            assertThat(ScriptVersionState.DISABLED.canBecome(s)).isFalse();
        }
    }

    @Test
    void aRefusedTransitionNamesTheExpectedStates() {
        assertThatThrownBy(() -> ScriptVersionState.DRAFT.requireCanBecome(ScriptVersionState.OFFLINE, "deploy", 2))
                .isInstanceOf(StateConflictException.class)
                .hasMessage("Expected script 'deploy' version 2 to be ONLINE but was DRAFT (cannot become OFFLINE)");
    }
}
