package dev.opsflow.jobs.library;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptDiffTest {
    @Test
    void unifiedDiffShowsChangedLinesWithContext() {
        var diff = ScriptDiff.unified("a@1", "echo one\necho two\necho three\n", "a@2", "echo one\necho 2\necho three\n");
        assertThat(diff).isEqualTo("""
                --- a@1
                +++ a@2
                @@ -1,3 +1,3 @@
                 echo one
                -echo two
                +echo 2
                 echo three
                """);
    }

    @Test
    void equalTextsHaveAnEmptyDiff() {
        assertThat(ScriptDiff.unified("a@1", "x\n", "a@2", "x\n")).isEmpty();
    }
}
