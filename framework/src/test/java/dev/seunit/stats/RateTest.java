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

    @Test
    void aStratifiedRateWeighsEachStratumByItsSize() {
        // a big stratum at 10% (sampled) and a small one at 90% (census): pooled 50%, weighted 18%
        Rate rate = Rate.stratified(java.util.List.of(new StratumSample(9000, 100, 10, false),
                new StratumSample(1000, 1000, 900, true)), 0.95);
        assertThat(rate.estimate()).isCloseTo(0.9 * 0.1 + 0.1 * 0.9, within(EXACT));
        assertThat(rate.count()).isEqualTo(910);
        assertThat(rate.trials()).isEqualTo(1100);
        assertThat(rate.method()).isEqualTo(Rate.Method.STRATIFIED);
        // one sampled stratum: its exact interval, scaled, plus the census stratum's known share
        Rate exact = Rate.clopperPearson(10, 100, 0.95);
        assertThat(rate.lower()).isCloseTo(0.09 + 0.9 * exact.lower(), within(EXACT));
        assertThat(rate.upper()).isCloseTo(0.09 + 0.9 * exact.upper(), within(EXACT));
    }

    @Test
    void aStratumWithoutEventsStillLeavesRoomAboveZero() {
        // no event anywhere: the upper bound is set by the stratum that weighs most per injection
        Rate rate = Rate.stratified(java.util.List.of(new StratumSample(300_000, 384, 0, false),
                new StratumSample(1000, 278, 0, false), new StratumSample(50, 50, 0, true)), 0.95);
        assertThat(rate.estimate()).isZero();
        assertThat(rate.lower()).isZero();
        double perInjection = 300_000.0 / 301_050 / 384;
        assertThat(rate.upper()).isGreaterThan(perInjection * 3.6).isLessThan(perInjection * 6);
    }

    @Test
    void aStratifiedRateOfNonEventsMirrorsTheRateOfEvents() {
        java.util.List<StratumSample> events = java.util.List.of(new StratumSample(5000, 300, 12, false),
                new StratumSample(20_000, 380, 3, false), new StratumSample(400, 196, 30, false));
        java.util.List<StratumSample> nonEvents = events.stream()
                .map(s -> new StratumSample(s.weight(), s.trials(), s.trials() - s.count(), s.census())).toList();
        Rate rate = Rate.stratified(events, 0.95);
        Rate mirror = Rate.stratified(nonEvents, 0.95);
        assertThat(mirror.estimate()).isCloseTo(1 - rate.estimate(), within(EXACT));
        assertThat(mirror.lower()).isCloseTo(1 - rate.upper(), within(EXACT));
        assertThat(mirror.upper()).isCloseTo(1 - rate.lower(), within(EXACT));
        assertThat(rate.toString()).contains("weighted by stratum").contains("stratified (Fay-Feuer gamma) CI");
    }

    @Test
    void aCensusIsKnownExactly() {
        Rate rate = Rate.stratified(java.util.List.of(new StratumSample(10, 10, 3, true),
                new StratumSample(30, 30, 0, true)), 0.95);
        assertThat(rate.lower()).isEqualTo(rate.upper()).isCloseTo(0.075, within(EXACT));
    }
}
