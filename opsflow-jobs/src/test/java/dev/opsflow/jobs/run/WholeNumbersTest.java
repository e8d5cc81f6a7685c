package dev.opsflow.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WholeNumbersTest {
    @Test
    void onlyFiniteIntegralNumbersInRangeAreWholeNumbers() {
        assertThat(WholeNumbers.toInt(3)).contains(3);
        assertThat(WholeNumbers.toInt(2.0)).contains(2);
        assertThat(WholeNumbers.toInt(-5L)).contains(-5);
        assertThat(WholeNumbers.toInt(1.5)).isEmpty();
        assertThat(WholeNumbers.toInt(1L + Integer.MAX_VALUE)).isEmpty();
        assertThat(WholeNumbers.toInt("3")).isEmpty();
        assertThat(WholeNumbers.toLong(Long.MAX_VALUE)).contains(Long.MAX_VALUE);
        assertThat(WholeNumbers.toLong(1e30)).as("not clamped to Long.MAX_VALUE").isEmpty();
        assertThat(WholeNumbers.toLong(Double.POSITIVE_INFINITY)).isEmpty();
        assertThat(WholeNumbers.toLong(Double.NaN)).isEmpty();
        assertThat(WholeNumbers.toLong(BigInteger.TWO.pow(63))).isEmpty();
        assertThat(WholeNumbers.toLong(new BigDecimal("12.000"))).contains(12L);
        assertThat(WholeNumbers.toLong(null)).isEmpty();
    }

    @Test
    void typeNamesNeverShowTheValue() {
        assertThat(WholeNumbers.typeName("s3cret")).isEqualTo("a string");
        assertThat(WholeNumbers.typeName(List.of(1))).isEqualTo("a list");
        assertThat(WholeNumbers.typeName(Map.of())).isEqualTo("an object");
        assertThat(WholeNumbers.typeName(true)).isEqualTo("a boolean");
    }
}
