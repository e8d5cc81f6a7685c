package dev.opsflow.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogCapTest {
    @Test
    void linesPastTheCapAreDroppedAndCountedPerHostAndStream() {
        var cap = new LogCap(10);
        assertThat(cap.accept("a", "stdout", "1234")).isTrue();      // 5 bytes with newline
        assertThat(cap.accept("a", "stdout", "5678")).isTrue();      // 10
        assertThat(cap.accept("a", "stdout", "9")).isFalse();        // over: 2 bytes omitted
        assertThat(cap.accept("a", "stdout", "short")).isFalse();    // once capped, always capped (order kept)
        assertThat(cap.accept("a", "stderr", "err")).isTrue();       // other stream, own budget
        assertThat(cap.accept("b", "stdout", "1234")).isTrue();      // other host, own budget
        assertThat(cap.notes()).singleElement().satisfies(n -> {
            assertThat(n.host()).isEqualTo("a");
            assertThat(n.stream()).isEqualTo("stdout");
            assertThat(n.line()).isEqualTo("[... truncated: 8 bytes omitted ...]");
        });
        assertThat(cap.truncatedHosts()).containsExactly("a");
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        var cap = new LogCap(4);
        assertThat(cap.accept("a", "stdout", "é")).isTrue();   // 2 bytes + newline
        assertThat(cap.accept("a", "stdout", "é")).isFalse();
    }
}
