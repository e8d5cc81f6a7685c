package dev.opsflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TaskIdTest {
    @Test
    void ids_have_the_documented_shape_and_sort_by_creation_time() {
        var t0 = Instant.parse("2026-11-21T04:00:00Z").toEpochMilli();
        var ids = new ArrayList<String>();
        for (long ms : new long[]{t0, t0 + 1, t0 + 31, t0 + 32, t0 + 1_000, t0 + 86_400_000L}) ids.add(TaskCreator.newId(ms));
        assertThat(ids).allMatch(id -> id.matches("t_[0-9a-hjkmnp-tv-z]{20}"));
        assertThat(ids).isSorted();
        assertThat(TaskCreator.newId(t0)).startsWith(ids.getFirst().substring(0, 11));
    }

    @Test
    void ids_created_in_the_same_millisecond_differ() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) assertThat(seen.add(TaskCreator.newId(1_700_000_000_000L))).isTrue();
    }
}
