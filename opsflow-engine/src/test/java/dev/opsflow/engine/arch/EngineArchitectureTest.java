package dev.opsflow.engine.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Architecture rules of the engine module (STYLE.md #1, #2, #13), each with the reason it exists. */
class EngineArchitectureTest {
    private static JavaClasses engine;

    @BeforeAll
    static void importEngineClasses() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.opsflow.engine");
    }

    @Test
    void the_import_sees_the_engine() {
        org.assertj.core.api.Assertions.assertThat(engine.containPackage("dev.opsflow.engine.task")).isTrue();
        org.assertj.core.api.Assertions.assertThat(engine.containPackage("dev.opsflow.engine.runtime")).isTrue();
    }

    @Test
    void the_engine_does_not_depend_on_spring() {
        check(noClasses().that().resideInAPackage("dev.opsflow.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .because("the engine is a plain library that `new` is enough to test; Spring lives only in opsflow-server"));
    }

    @Test
    void the_engine_does_not_use_jdbc() {
        check(noClasses().that().resideInAPackage("dev.opsflow.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .because("persistence is behind the TaskRepository port; JDBC belongs to the opsflow-store-jdbc adapter"));
    }

    @Test
    void the_engine_does_not_depend_on_jakarta_ee() {
        check(noClasses().that().resideInAPackage("dev.opsflow.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax.servlet..", "javax.persistence..")
                .because("the engine runs without a container; servlet, persistence and validation APIs belong to the server"));
    }

    @Test
    void the_decider_does_not_depend_on_the_runtime_or_the_store() {
        check(noClasses().that().resideInAPackage("dev.opsflow.engine.task..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.opsflow.engine.runtime..", "dev.opsflow.engine.store..")
                .because("deciding is pure (template, task, signal, now -> decision); the runtime persists and acts on it"));
    }

    @Test
    void the_template_model_and_plugin_spi_do_not_know_the_task_state() {
        check(noClasses().that().resideInAnyPackage("dev.opsflow.engine.template..", "dev.opsflow.engine.plugin..",
                        "dev.opsflow.engine.expr..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.opsflow.engine.task..",
                        "dev.opsflow.engine.runtime..", "dev.opsflow.engine.store..")
                .because("templates, expressions and the plugin SPI are read by the decider, never the other way round; "
                        + "a plugin gets a small context, never the engine"));
    }

    @Test
    void engine_packages_are_free_of_cycles() {
        check(slices().matching("dev.opsflow.engine.(*)..")
                .should().beFreeOfCycles()
                .because("package cycles make the layers (template -> task -> runtime) impossible to reason about or split"));
    }

    private static void check(ArchRule rule) {
        rule.check(engine);
    }
}
