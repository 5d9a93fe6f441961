package dev.seunit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupSequentialTestTest {

    @Test
    void looksGrowByAQuarterFromTheFirstToTheLast() {
        assertThat(GroupSequentialTest.looks(100, 200)).containsExactly(100, 125, 156, 195, 200);
        assertThat(GroupSequentialTest.looks(1, 4)).containsExactly(1, 2, 3, 4);
        assertThat(GroupSequentialTest.looks(500, 500)).containsExactly(500);
        assertThat(GroupSequentialTest.looks(500, 100)).containsExactly(500);
        assertThat(GroupSequentialTest.looks(100, 102_400)).hasSize(33).endsWith(102_400);
    }

    @ParameterizedTest(name = "{0} trials, threshold {1}, confidence {2}")
    @CsvSource({"100, 0.05, 0.95", "1000, 0.01, 0.95", "400, 0.2, 0.9", "3000, 0.001, 0.99"})
    void oneLookIsTheClopperPearsonDecisionAndItsBoundariesSayTheSame(int trials, double threshold,
            double confidence) {
        GroupSequentialTest test = GroupSequentialTest.of(threshold, confidence, trials);
        for (int count = 0; count <= trials; count++) {
            Rate.Decision exact = Rate.clopperPearson(count, trials, confidence).decide(threshold);
            assertThat(test.decide(0, count)).as("count %d", count).isEqualTo(exact);
            Rate.Decision byBoundaries = count <= test.passBoundary(0) ? Rate.Decision.BELOW
                    : count >= test.failBoundary(0) ? Rate.Decision.ABOVE : Rate.Decision.INCONCLUSIVE;
            assertThat(byBoundaries).as("boundaries at count %d", count).isEqualTo(exact);
        }
    }

    @Test
    void eachSideSpendsAtMostItsErrorAtTheThresholdComputedIndependently() {
        // an independent check of the convolution: the exact probability of ever crossing each
        // boundary, by a plain dynamic programme over every count, at and beyond the threshold
        int[] looks = GroupSequentialTest.looks(100, 3200);
        GroupSequentialTest test = GroupSequentialTest.of(0.02, 0.95, looks);
        assertThat(crossing(test, looks, 0.02, true)).isLessThanOrEqualTo(0.025).isGreaterThan(0.02);
        assertThat(crossing(test, looks, 0.02, false)).isLessThanOrEqualTo(0.025).isGreaterThan(0.02);
        assertThat(crossing(test, looks, 0.03, true)).isLessThan(0.0025);
        assertThat(crossing(test, looks, 0.01, false)).isLessThan(0.0025);
    }

    /** P(the count ever reaches the pass (or fail) boundary), each side on its own. */
    private static double crossing(GroupSequentialTest test, int[] looks, double rate, boolean pass) {
        double[] mass = new double[looks[looks.length - 1] + 1];
        mass[0] = 1;
        int previous = 0;
        double crossed = 0;
        for (int k = 0; k < looks.length; k++) {
            BinomialDistribution step = BinomialDistribution.of(looks[k] - previous, rate);
            double[] next = new double[mass.length];
            for (int i = 0; i <= previous; i++) {
                if (mass[i] > 0) {
                    for (int j = 0; j <= looks[k] - previous; j++) {
                        next[i + j] += mass[i] * step.probability(j);
                    }
                }
            }
            for (int c = 0; c <= looks[k]; c++) {
                boolean stops = pass ? c <= test.passBoundary(k) : c >= test.failBoundary(k);
                if (stops) {
                    crossed += next[c];
                    next[c] = 0;
                }
            }
            mass = next;
            previous = looks[k];
        }
        return crossed;
    }

    @Test
    void boundariesGrowWithTheLooksAndLeaveRoomBetweenThem() {
        int[] looks = GroupSequentialTest.looks(500, 16_000);
        GroupSequentialTest test = GroupSequentialTest.of(0.05, 0.95, looks);
        for (int k = 1; k < looks.length; k++) {
            assertThat(test.passBoundary(k)).isGreaterThanOrEqualTo(test.passBoundary(k - 1));
            assertThat(test.failBoundary(k)).isGreaterThan(test.failBoundary(k - 1));
            assertThat(test.passBoundary(k)).isLessThan(test.failBoundary(k));
        }
        // more looks cost: the first look needs a clearer count than a single look of that size
        assertThat(test.passBoundary(0)).isLessThan(GroupSequentialTest.of(0.05, 0.95, 500).passBoundary(0));
    }

    @Test
    void aRunStopsAtTheFirstLookThatDecidesAndAsksForNoLaterOne() {
        int[] looks = GroupSequentialTest.looks(100, 1600);
        GroupSequentialTest test = GroupSequentialTest.of(0.05, 0.95, looks);
        int[] asked = {0};
        GroupSequentialTest.Verdict verdict = test.run(n -> {
            asked[0]++;
            return 0; // no event at all
        });
        assertThat(verdict.decision()).isEqualTo(Rate.Decision.BELOW);
        assertThat(asked[0]).isEqualTo(verdict.look() + 1);
        assertThat(verdict.trials()).isEqualTo(looks[verdict.look()]);
        GroupSequentialTest.Verdict undecided = test.run(n -> Math.round(n * 0.05));
        assertThat(undecided.decision()).isEqualTo(Rate.Decision.INCONCLUSIVE);
        assertThat(undecided.look()).isEqualTo(looks.length - 1);
    }

    @Test
    void theLooksBoundsCrossTheThresholdExactlyWhenTheTestDecides() {
        int[] looks = GroupSequentialTest.looks(200, 6400);
        GroupSequentialTest test = GroupSequentialTest.of(0.01, 0.95, looks);
        for (int k = 0; k < looks.length; k += 4) {
            for (long count = 0; count <= Math.min(looks[k], test.failBoundary(k) + 3); count++) {
                Rate rate = test.rate(k, count);
                Rate.Decision decision = test.decide(k, count);
                assertThat(rate.method()).isEqualTo(Rate.Method.GROUP_SEQUENTIAL);
                if (decision == Rate.Decision.BELOW) {
                    assertThat(rate.upper()).isLessThanOrEqualTo(0.01 + 1e-12);
                } else {
                    assertThat(rate.upper()).isGreaterThan(0.01);
                }
                if (decision == Rate.Decision.ABOVE) {
                    assertThat(rate.lower()).isGreaterThanOrEqualTo(0.01 - 1e-12);
                } else if (count < test.failBoundary(k)) {
                    assertThat(rate.lower()).isLessThan(0.01);
                }
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> GroupSequentialTest.of(1.5, 0.95, 100))
                .withMessageContaining("threshold");
        assertThatIllegalArgumentException().isThrownBy(() -> GroupSequentialTest.of(0.1, 1, 100))
                .withMessageContaining("confidence");
        assertThatIllegalArgumentException().isThrownBy(() -> GroupSequentialTest.of(0.1, 0.95, 100, 100))
                .withMessageContaining("grow");
        assertThatIllegalArgumentException().isThrownBy(() -> GroupSequentialTest.of(0.1, 0.95, 100).decide(0, 101))
                .withMessageContaining("[0, 100]");
    }
}
