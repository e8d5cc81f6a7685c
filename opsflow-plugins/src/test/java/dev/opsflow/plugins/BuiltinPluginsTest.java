package dev.opsflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsflow.engine.plugin.FieldSpec;
import dev.opsflow.engine.plugin.PluginDescriptor;
import dev.opsflow.engine.plugin.PluginRegistry;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BuiltinPluginsTest {

    @Test
    void registersOneVersionOneInstanceOfEachBuiltinPlugin() {
        var registry = PluginRegistry.of(BuiltinPlugins.all());

        assertThat(registry.descriptors()).extracting(PluginDescriptor::code)
                .containsExactly("approval", "http", "noop", "script", "sleep", "wait_until");
        assertThat(registry.descriptors()).extracting(PluginDescriptor::version).containsOnly(1);
    }

    @Test
    void everyDescriptorDocumentsItsFieldsAndDefaultsFitTheirTypes() {
        for (var d : PluginRegistry.of(BuiltinPlugins.all()).descriptors()) {
            assertThat(d.title()).as(d.code()).isNotBlank();
            assertThat(d.description()).as(d.code()).isNotBlank();
            Stream.concat(d.inputs().stream(), d.outputs().stream()).forEach(f -> {
                assertThat(f.description()).as(d.code() + "." + f.name()).isNotBlank();
                if (f.defaultValue() != null) assertThat(f.type().accepts(f.defaultValue())).as(d.code() + "." + f.name()).isTrue();
            });
            assertThat(d.inputs()).extracting(FieldSpec::name).doesNotHaveDuplicates();
        }
    }
}
