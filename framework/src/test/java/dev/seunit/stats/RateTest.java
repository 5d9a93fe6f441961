package dev.seunit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateTest {

    private static final double EXACT = 1e-9;

    @Test
    void noEventsInAHundred() {
        Rate rate = Rate.clopperPearson(0, 100, 0.95);
        assertThat(rate.lower()).isZero();
        assertThat(rate.upper()).isCloseTo(1 - Math.pow(0.025, 1.0 / 100), within(EXACT));
        assertThat(rate.upper()).isCloseTo(0.0362, within(1e-4));
        assertThat(rate.estimate()).isZero();
    }

    @Test
    void allEventsInAHundred() {
        Rate rate = Rate.clopperPearson(100, 100, 0.95);
        assertThat(rate.lower()).isCloseTo(Math.pow(0.025, 1.0 / 100), within(EXACT));
        assertThat(rate.upper()).isEqualTo(1.0);
        assertThat(rate.estimate()).isEqualTo(1.0);
    }

    @Test
    void fiveInAHundred() {
        Rate rate = Rate.clopperPearson(5, 100, 0.95);
        assertThat(rate.lower()).isCloseTo(0.01643, within(1e-4));
        assertThat(rate.upper()).isCloseTo(0.11283, within(1e-4));
        assertThat(rate.estimate()).isEqualTo(0.05);
        assertThat(rate.count()).isEqualTo(5);
        assertThat(rate.trials()).isEqualTo(100);
        assertThat(rate.confidence()).isEqualTo(0.95);
    }

    @ParameterizedTest(name = "{0}/{1} at {2}")
    @CsvSource({"5, 100, 0.95", "1, 10, 0.95", "37, 1000, 0.99", "999, 1000, 0.9", "3, 7, 0.5"})
    void agreesWithTheBetaQuantileIdentity(int count, int trials, double confidence) {
        double alpha = 1 - confidence;
        Rate rate = Rate.clopperPearson(count, trials, confidence);
        double lower = BetaDistribution.of(count, trials - count + 1).inverseCumulativeProbability(alpha / 2);
        double upper = BetaDistribution.of(count + 1, trials - count).inverseCumulativeProbability(1 - alpha / 2);
        assertThat(rate.lower()).isCloseTo(lower, within(1e-9));
        assertThat(rate.upper()).isCloseTo(upper, within(1e-9));
        assertThat(rate.lower()).isLessThanOrEqualTo(rate.estimate());
        assertThat(rate.upper()).isGreaterThanOrEqualTo(rate.estimate());
    }

    @Test
    void higherConfidenceGivesAWiderInterval() {
        Rate r90 = Rate.clopperPearson(5, 100, 0.90);
        Rate r99 = Rate.clopperPearson(5, 100, 0.99);
        assertThat(r99.lower()).isLessThan(r90.lower());
        assertThat(r99.upper()).isGreaterThan(r90.upper());
    }

    @Test
    void noTrialsIsTheWholeInterval() {
        Rate rate = Rate.clopperPearson(0, 0, 0.95);
        assertThat(rate.lower()).isZero();
        assertThat(rate.upper()).isEqualTo(1.0);
        assertThat(rate.estimate()).isZero();
        assertThat(rate.decide(0.5)).isEqualTo(Rate.Decision.INCONCLUSIVE);
    }

    @Test
    void belowWhenTheUpperBoundIsAtMostTheThreshold() {
        Rate rate = Rate.clopperPearson(0, 1000, 0.95);
        assertThat(rate.upper()).isLessThan(0.01);
        assertThat(rate.decide(0.01)).isEqualTo(Rate.Decision.BELOW);
        // the boundary itself counts as below
        assertThat(rate.decide(rate.upper())).isEqualTo(Rate.Decision.BELOW);
    }

    @Test
    void aboveWhenTheLowerBoundExceedsTheThreshold() {
        Rate rate = Rate.clopperPearson(50, 100, 0.95);
        assertThat(rate.lower()).isGreaterThan(0.1);
        assertThat(rate.decide(0.1)).isEqualTo(Rate.Decision.ABOVE);
        // a lower bound equal to the threshold is not above it
        assertThat(rate.decide(rate.lower())).isEqualTo(Rate.Decision.INCONCLUSIVE);
    }

    @Test
    void inconclusiveWhenTheIntervalContainsTheThreshold() {
        Rate rate = Rate.clopperPearson(1, 10, 0.95);
        assertThat(rate.lower()).isLessThan(0.1);
        assertThat(rate.upper()).isGreaterThan(0.1);
        assertThat(rate.decide(0.1)).isEqualTo(Rate.Decision.INCONCLUSIVE);
    }

    @Test
    void aRateBelowThePointEstimateThresholdIsStillInconclusiveWithFewTrials() {
        // 0/10 looks like 0% but 10 trials cannot show the rate is below 1%
        assertThat(Rate.clopperPearson(0, 10, 0.95).decide(0.01)).isEqualTo(Rate.Decision.INCONCLUSIVE);
        assertThat(Rate.clopperPearson(0, 1000, 0.95).decide(0.01)).isEqualTo(Rate.Decision.BELOW);
    }

    @Test
    void countAboveTrialsIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.clopperPearson(11, 10, 0.95))
                .withMessageContaining("11/10");
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.clopperPearson(-1, 10, 0.95))
                .withMessageContaining("-1/10");
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.clopperPearson(0, -1, 0.95))
                .withMessageContaining("0/-1");
    }

    @Test
    void confidenceOutsideTheOpenUnitIntervalIsRejected() {
        for (double confidence : new double[] {1.0, 0.0, 95, -0.5, Double.NaN}) {
            assertThatIllegalArgumentException().as("confidence %s", confidence)
                    .isThrownBy(() -> Rate.clopperPearson(5, 100, confidence))
                    .withMessageContaining("confidence")
                    .withMessageContaining("(0, 1)");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.clopperPearson(0, 0, 1.0))
                .withMessageContaining("confidence");
    }

    @Test
    void toStringShowsEstimateCountsAndInterval() {
        assertThat(Rate.clopperPearson(5, 100, 0.95).toString())
                .contains("5.000%")
                .contains("5/100")
                .contains("95% CI")
                .contains("1.643%")
                .contains("11.28%");
    }
}
