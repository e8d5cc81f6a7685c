package dev.opsflow.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogSequenceTest {
    static final long MS = 1_767_225_600_000L;

    static Clock clockAt(long epochMilli) {
        return Clock.fixed(Instant.ofEpochMilli(epochMilli), ZoneOffset.UTC);
    }

    @Test
    void seqs_start_above_the_clocks_millisecond_times_a_thousand_and_go_up_by_one_per_line() {
        var seqs = new LogSequence(clockAt(MS));
        assertThat(seqs.next()).isEqualTo(MS * 1_000 + 1);
        assertThat(seqs.next()).isEqualTo(MS * 1_000 + 2);
    }

    @Test
    void continuing_after_a_stored_seq_above_the_counter_moves_it_on_and_one_below_changes_nothing() {
        var setBack = new LogSequence(clockAt(MS - 3_600_000));
        setBack.continueAfter(MS * 1_000 + 42);
        assertThat(setBack.next()).isEqualTo(MS * 1_000 + 43);

        setBack.continueAfter(7);
        assertThat(setBack.next()).isEqualTo(MS * 1_000 + 44);
    }
}
