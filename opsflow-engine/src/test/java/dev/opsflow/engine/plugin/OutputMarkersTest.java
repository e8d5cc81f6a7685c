package dev.opsflow.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputMarkersTest {

    @Test
    void aMarkerPublishesTheRestOfTheLineAsAStringOrParsedJson() {
        assertThat(OutputMarkers.parse("##opsflow:output version=1.2.3 final"))
                .contains(new OutputMarkers.Output("version", "1.2.3 final"));
        assertThat(OutputMarkers.parse("##opsflow:output n=json:{\"a\":[1,2]}"))
                .contains(new OutputMarkers.Output("n", Map.of("a", List.of(1, 2))));
        assertThat(OutputMarkers.parse("##opsflow:output ok=json:true")).contains(new OutputMarkers.Output("ok", true));
        assertThat(OutputMarkers.parse("##opsflow:output eq=a=b")).contains(new OutputMarkers.Output("eq", "a=b"));
    }

    @Test
    void theKeyIsTrimmedButTheValueIsKeptAsWritten() {
        assertThat(OutputMarkers.parse("##opsflow:output  key = spaced ")).contains(new OutputMarkers.Output("key", " spaced "));
        assertThat(OutputMarkers.parse("##opsflow:output empty=")).contains(new OutputMarkers.Output("empty", ""));
    }

    @Test
    void linesThatAreNotMarkersAreIgnored() {
        assertThat(OutputMarkers.parse("plain line")).isEmpty();
        assertThat(OutputMarkers.parse(" ##opsflow:output indented=1")).isEmpty();
        assertThat(OutputMarkers.parse("##opsflow:outputs=1")).isEmpty();
        assertThat(OutputMarkers.parse(null)).isEmpty();
    }

    @Test
    void malformedMarkersAreRefusedWithAMessageNamingTheKey() {
        assertThatThrownBy(() -> OutputMarkers.parse("##opsflow:output cfg=json:{oops"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("output marker 'cfg' has invalid JSON");
        assertThatThrownBy(() -> OutputMarkers.parse("##opsflow:output gone=json:null"))
                .hasMessage("output marker 'gone': json:null is not allowed; omit the output instead");
        assertThatThrownBy(() -> OutputMarkers.parse("##opsflow:output 9x=1")).hasMessageContaining("malformed output marker");
        assertThatThrownBy(() -> OutputMarkers.parse("##opsflow:output no-equals")).hasMessageContaining("expected key=value");
        assertThatThrownBy(() -> OutputMarkers.parse("##opsflow:output a-b=1")).hasMessageContaining("malformed output marker");
    }

    @Test
    void aMarkerLineLongerThanTheLimitIsRefusedRatherThanPublishedCut() {
        var prefix = "##opsflow:output big=";
        var longest = prefix + "x".repeat(OutputMarkers.MAX_LINE_CHARS - prefix.length());

        assertThat(OutputMarkers.parse(longest)).map(OutputMarkers.Output::value).map(v -> ((String) v).length())
                .isEqualTo(Optional.of(OutputMarkers.MAX_LINE_CHARS - prefix.length()));
        assertThatThrownBy(() -> OutputMarkers.parse(longest + "x"))
                .hasMessage("output marker 'big' is too long: 16384 chars, at most 16383 per line");
    }

    @Test
    void theCollectorKeepsTheLastValuePerKeyAndTheFirstError() {
        var markers = new OutputMarkers();

        markers.accept("##opsflow:output version=1");
        markers.accept("noise");
        markers.accept("##opsflow:output hosts=json:[\"a\"]");
        markers.accept("##opsflow:output cfg=json:{oops");
        markers.accept("##opsflow:output 9x=1");
        markers.accept("##opsflow:output version=2");

        assertThat(markers.outputs()).containsExactly(Map.entry("version", "2"), Map.entry("hosts", List.of("a")));
        assertThat(markers.error()).hasValueSatisfying(e -> assertThat(e).startsWith("output marker 'cfg' has invalid JSON"));
        assertThat(new OutputMarkers().error()).isEmpty();
    }
}
