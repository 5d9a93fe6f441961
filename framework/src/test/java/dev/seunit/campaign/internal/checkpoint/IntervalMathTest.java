package dev.seunit.campaign.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The arithmetic of certified radii on plain arrays, without DJL. */
class IntervalMathTest {

    @ParameterizedTest(name = "certified up to 2^{0}: found {1}")
    @CsvSource({
        "0, 0", // the largest tried
        "-0.3, -0.5", // refined by a half, not by a quarter
        "-0.6, -0.75", // by a half and a quarter
        "-7, -7",
        "-24, -24", // the smallest tried
    })
    void theSearchFindsTheLargestCertifiedExponentOnAQuarterGrid(double limit, double found) {
        assertThat(IntervalMath.largestCertifiedExponent(e -> e <= limit)).isEqualTo(found);
    }

    @Test
    void nothingCertifiedIsNaNAndTheSearchIsABisection() {
        List<Double> tried = new ArrayList<>();
        assertThat(IntervalMath.largestCertifiedExponent(e -> {
            tried.add(e);
            return false;
        })).isNaN();
        assertThat(tried).as("exponents tried before giving up").hasSizeLessThanOrEqualTo(6).contains(-24.0);
    }

    @Test
    void theRoundingFactorGrowsWithTheSumLengthFromTwoUnits() {
        assertThat((double) IntervalMath.roundingFactor(0)).isCloseTo(2.02 * 0x1p-24, within(1e-4 * 0x1p-24 * 1002));
        assertThat(IntervalMath.roundingFactor(1000)).isGreaterThan(IntervalMath.roundingFactor(10));
        // 1,002 ulps of relative error: a 3x3x110 convolution's sum at float32
        assertThat((double) IntervalMath.roundingFactor(1000)).isCloseTo(1.01 * 1002 * 0x1p-24, within(1e-4 * 0x1p-24 * 1002));
    }

    static Stream<Arguments> erosions() {
        int[] levels = {
            8, 8, 8, 8,
            8, 2, 8, 8,
            8, 8, 8, 8,
        };
        return Stream.of(
                Arguments.of(levels, 0, new int[] {8, 8, 8, 8, 8, 2, 8, 8, 8, 8, 8, 8}),
                Arguments.of(levels, 1, new int[] {2, 2, 2, 8, 2, 2, 2, 8, 2, 2, 2, 8}),
                Arguments.of(levels, 2, new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}));
    }

    @ParameterizedTest(name = "reach {1}")
    @MethodSource("erosions")
    void erodingTakesTheSmallestLevelWithinTheReachBothWays(int[] levels, int reach, int[] expected) {
        assertThat(IntervalMath.erode(levels, 0, 3, 4, reach)).containsExactly(expected);
    }

    @Test
    void aValueOfHalfTheResolutionTakesTheSmallestLevelOfTheFourPixelsItMapsOnto() {
        // one image, predictions 2 x 4; the value has 2 channels of 1 x 2 pixels
        int[] levels = {3, 3, 5, 5, 3, 1, 5, 5};
        float[] radii = IntervalMath.radiiOfLevels(new long[] {1, 2, 1, 2}, new long[] {1, 2, 4}, levels, 0, 1f);
        assertThat(radii).containsExactly(2f, 32f, 2f, 32f); // 2^1 for the left half, 2^5 for the right
    }

    @Test
    void aValueThatIsNotAnImageTakesTheSmallestLevelOfItsRowOnlyAtReachOne() {
        int[] levels = {4, 2, 6, 7}; // two rows of two predictions
        assertThat(IntervalMath.radiiOfLevels(new long[] {2, 3}, new long[] {2, 2}, levels, 1, 0.5f))
                .containsExactly(2f, 2f, 2f, 32f, 32f, 32f);
        assertThat(IntervalMath.radiiOfLevels(new long[] {2, 3}, new long[] {2, 2}, levels, 2, 0.5f)).isNull();
        assertThat(IntervalMath.radiiOfLevels(new long[] {3, 3}, new long[] {2, 2}, levels, 1, 0.5f))
                .as("a value without one row per prediction row").isNull();
    }

    @ParameterizedTest(name = "value {0}x{0} of predictions {1}x{1}: reach {2}")
    @CsvSource({"4, 32, 4", "16, 32, 1", "32, 32, 1", "2, 32, 8"})
    void theFirstReachIsHalfTheOutputPixelsPerValuePixel(int value, int predictions, int reach) {
        assertThat(IntervalMath.firstReach(new long[] {1, 8, value, value}, new long[] {1, predictions, predictions}))
                .isEqualTo(reach);
    }
}
