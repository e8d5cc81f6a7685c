package dev.opsflow.jobs.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsflow.engine.task.StateConflictException;
import dev.opsflow.exec.DangerousCommandRules.Action;
import dev.opsflow.exec.Language;
import java.time.Clock;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The script library and dangerous-command rules on a real database (H2 and PostgreSQL subclasses). */
abstract class ScriptLibraryContract {
    static JobsDatabase db;
    static DangerousRuleService rules;
    static ScriptLibrary library;

    static void init(JobsDatabase database) {
        db = database;
        rules = new DangerousRuleService(db.dataSource(), Clock.systemUTC());
        library = new ScriptLibrary(db.dataSource(), rules, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void versionsAreNumberedAndStartAsDrafts() {
        var v1 = library.create("p1", "check", Language.BASH, "disk check", "df -h\n", null, "alice").version();
        var v2 = library.addVersion("p1", "check", "df -h /\n", "root only", "bob").version();
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.state()).isEqualTo(ScriptVersionState.DRAFT);
        assertThat(library.versions("p1", "check")).extracting(ScriptVersion::version).containsExactly(2, 1);
        assertThat(library.get("p1", "check").latestVersion()).isEqualTo(2);
        assertThat(library.get("p1", "check").onlineVersion()).isNull();
    }

    @Test
    void aVersionIsReadWithItsScriptsLanguageInOneQueryAndAMissingScriptOrVersionIsNamed() {
        library.create("p1", "probe", Language.PYTHON3, null, "print('v1')\n", null, "alice");
        library.addVersion("p1", "probe", "print('v2')\n", "second", "bob");
        var counting = CountingDataSource.over(db.dataSource());
        var counted = new ScriptLibrary(counting.ds(), rules, Clock.systemUTC());

        var v1 = counted.version("p1", "probe", 1);

        assertThat(counting.count()).isEqualTo(1);
        assertThat(v1.language()).isEqualTo(Language.PYTHON3);
        assertThat(v1.content()).isEqualTo("print('v1')\n");
        assertThat(v1.createdBy()).isEqualTo("alice");
        assertThat(counted.version("p1", "probe", 2).remark()).isEqualTo("second");
        assertThatThrownBy(() -> counted.version("p1", "probe", 3)).isInstanceOf(NoSuchElementException.class)
                .hasMessage("script 'probe' has no version 3 in project 'p1'");
        assertThatThrownBy(() -> counted.version("p1", "nope", 1)).isInstanceOf(NoSuchElementException.class)
                .hasMessage("script 'nope' does not exist in project 'p1'");
        assertThatThrownBy(() -> counted.version("p2", "probe", 1)).isInstanceOf(NoSuchElementException.class)
                .hasMessage("script 'probe' does not exist in project 'p2'");
    }

    @Test
    void stateChangesFollowTheTableAndQuickRunsNeedAnOnlineVersion() {
        library.create("p1", "deploy", Language.BASH, null, "echo v1\n", null, "alice");
        assertThatThrownBy(() -> library.forQuickRun("p1", "deploy", 1)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("to be ONLINE but was DRAFT");
        library.setState("p1", "deploy", 1, ScriptVersionState.ONLINE, "alice");
        assertThat(library.forQuickRun("p1", "deploy", null).version()).isEqualTo(1);
        assertThatThrownBy(() -> library.setState("p1", "deploy", 1, ScriptVersionState.DRAFT, "alice"))
                .isInstanceOf(StateConflictException.class);
        var returned = library.setState("p1", "deploy", 1, ScriptVersionState.DISABLED, "carol");
        var v = library.version("p1", "deploy", 1);
        assertThat(returned).as("what setState returns is what is stored").isEqualTo(v);
        assertThat(v.state()).isEqualTo(ScriptVersionState.DISABLED);
        assertThat(v.stateChangedBy()).isEqualTo("carol");
        assertThatThrownBy(() -> library.forPlanStep("p1", "deploy", 1)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("a disabled script version cannot run");
    }

    @Test
    void diffBetweenTwoVersionsIsUnified() {
        library.create("p1", "diffme", Language.BASH, null, "a\nb\nc\n", null, "alice");
        library.addVersion("p1", "diffme", "a\nB\nc\n", null, "alice");
        assertThat(library.diff("p1", "diffme", 1, 2)).contains("--- diffme@1", "+++ diffme@2", "-b", "+B");
    }

    @Test
    void aBlockedCommandRefusesTheSaveWithItsLine() {
        assertThatThrownBy(() -> library.create("p1", "wipe", Language.BASH, null, "echo hi\nrm -rf /\n", null, "alice"))
                .isInstanceOfSatisfying(DangerousCommandException.class, e -> {
                    assertThat(e.findings()).singleElement().satisfies(f -> {
                        assertThat(f.rule().id()).isEqualTo("rm-rf-root");
                        assertThat(f.line()).isEqualTo(2);
                    });
                    assertThat(e.problems().getFirst().line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> library.get("p1", "wipe")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aWarnedCommandIsSavedAndReturnsTheWarning() {
        var r = library.create("p1", "reboot", Language.BASH, null, "sync\nreboot\n", null, "alice");
        assertThat(r.warnings()).singleElement().satisfies(f -> assertThat(f.rule().id()).isEqualTo("reboot"));
        assertThat(library.version("p1", "reboot", 1).content()).contains("reboot");
    }

    @Test
    void projectRulesAreMergedWithTheDefaults() {
        rules.put("p2", new DangerousRule("p2", "no-drop-db", null, "DROP\\s+DATABASE", Action.BLOCK, "drops a database",
                null, null), "admin");
        assertThat(rules.list("p2")).extracting(DangerousRule::id).containsExactly("no-drop-db");
        assertThatThrownBy(() -> library.create("p2", "drop", Language.SH, null, "psql -c 'DROP DATABASE x'\n", null, "a"))
                .isInstanceOf(DangerousCommandException.class).hasMessageContaining("no-drop-db");
        assertThatThrownBy(() -> library.create("p2", "wipe", Language.SH, null, "rm -rf /\n", null, "a"))
                .isInstanceOf(DangerousCommandException.class).hasMessageContaining("rm-rf-root");
        // another project is not affected by p2's rule
        assertThat(library.create("p3", "drop", Language.SH, null, "psql -c 'DROP DATABASE x'\n", null, "a").warnings()).isEmpty();
        rules.delete("p2", "no-drop-db");
        assertThat(rules.list("p2")).isEmpty();
    }

    @Test
    void anInvalidRulePatternIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new DangerousRule("p", "bad", null, "([", Action.WARN, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pattern:");
    }
}
