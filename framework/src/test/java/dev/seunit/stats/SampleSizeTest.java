package dev.seunit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleSizeTest {

    /** The two-sided 99% normal quantile. */
    private static final double T99 = 2.5758293035489;

    @Test
    void classicFivePercentAtNinetyFive() {
        assertThat(SampleSize.leveugle(1_000_000, 0.05, 0.95)).isEqualTo(384);
    }

    @Test
    void onePercentAtNinetyNine() {
        long population = 1_000_000;
        double e = 0.01;
        long expected = (long) Math.ceil(population / (1 + e * e * (population - 1) / (T99 * T99 * 0.25)));
        assertThat(expected).isBetween(14_000L, 17_000L);
        assertThat(SampleSize.leveugle(population, e, 0.99)).isEqualTo(expected);
    }

    @Test
    void knownProportionShrinksTheSample() {
        long worstCase = SampleSize.leveugle(1_000_000, 0.01, 0.99);
        long knownRare = SampleSize.leveugle(1_000_000, 0.01, 0.99, 0.05);
        assertThat(knownRare).isLessThan(worstCase);
        assertThat(SampleSize.leveugle(1_000_000, 0.01, 0.99, 0.5)).isEqualTo(worstCase);
    }

    @Test
    void smallPopulationsAreNeverExceeded() {
        assertThat(SampleSize.leveugle(100, 0.01, 0.99)).isBetween(1L, 100L);
        assertThat(SampleSize.leveugle(1, 0.01, 0.99)).isEqualTo(1);
        for (long n = 1; n <= 2000; n += 37) {
            assertThat(SampleSize.leveugle(n, 0.001, 0.999)).as("N=%d", n).isBetween(1L, n);
        }
    }

    @Test
    void sampleGrowsWithPopulationAndConfidenceAndShrinksWithMargin() {
        assertThat(SampleSize.leveugle(10_000, 0.05, 0.95)).isLessThan(SampleSize.leveugle(1_000_000, 0.05, 0.95));
        assertThat(SampleSize.leveugle(1_000_000, 0.05, 0.95)).isLessThan(SampleSize.leveugle(1_000_000, 0.05, 0.99));
        assertThat(SampleSize.leveugle(1_000_000, 0.05, 0.95)).isLessThan(SampleSize.leveugle(1_000_000, 0.01, 0.95));
    }

    @ParameterizedTest(name = "margin {0}")
    @CsvSource({"0", "1", "-0.01", "NaN"})
    void invalidMarginIsNamed(double margin) {
        assertThatIllegalArgumentException().isThrownBy(() -> SampleSize.leveugle(1000, margin, 0.95))
                .withMessageContaining("margin")
                .withMessageContaining(String.valueOf(margin));
    }

    @ParameterizedTest(name = "confidence {0}")
    @CsvSource({"0", "1", "95", "NaN"})
    void invalidConfidenceIsNamed(double confidence) {
        assertThatIllegalArgumentException().isThrownBy(() -> SampleSize.leveugle(1000, 0.01, confidence))
                .withMessageContaining("confidence")
                .withMessageContaining(String.valueOf(confidence));
    }

    @Test
    void invalidPopulationIsNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> SampleSize.leveugle(0, 0.01, 0.95))
                .withMessageContaining("population")
                .withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> SampleSize.leveugle(-5, 0.01, 0.95))
                .withMessageContaining("-5");
    }

    @Test
    void invalidProportionIsNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> SampleSize.leveugle(1000, 0.01, 0.95, 1.0))
                .withMessageContaining("proportion");
    }

    @Test
    void magnitudeBuckets() {
        assertThat(MagnitudeBucket.of(0.5)).isEqualTo(MagnitudeBucket.BELOW_ONE);
        assertThat(MagnitudeBucket.of(0.0)).isEqualTo(MagnitudeBucket.BELOW_ONE);
        assertThat(MagnitudeBucket.of(-0.999)).isEqualTo(MagnitudeBucket.BELOW_ONE);
        assertThat(MagnitudeBucket.of(1.0)).isEqualTo(MagnitudeBucket.ONE_TO_TWO);
        assertThat(MagnitudeBucket.of(-1.9999)).isEqualTo(MagnitudeBucket.ONE_TO_TWO);
        assertThat(MagnitudeBucket.of(2.0)).isEqualTo(MagnitudeBucket.TWO_OR_MORE);
        assertThat(MagnitudeBucket.of(-1e30)).isEqualTo(MagnitudeBucket.TWO_OR_MORE);
        assertThat(MagnitudeBucket.of(Double.NaN)).isEqualTo(MagnitudeBucket.NON_FINITE);
        assertThat(MagnitudeBucket.of(Double.NEGATIVE_INFINITY)).isEqualTo(MagnitudeBucket.NON_FINITE);
        assertThat(MagnitudeBucket.ONE_TO_TWO).hasToString("1 <= |x| < 2");
    }
}
