package dev.seunit.junit.assertj;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.seunit.stats.Rate;

/** {@link RateAssert} on hand-made rates: no campaign behind them. */
class RateAssertTest {

    private static final Rate NONE_OF_300 = Rate.clopperPearson(0, 300, 0.95);
    private static final Rate FIVE_OF_100 = Rate.clopperPearson(5, 100, 0.95);

    @Test
    void passingChecksChain() {
        RateAssert rate = assertThat(FIVE_OF_100);
        assertThat(rate.isAtMost(0.05).isAtLeast(0.05).hasLowerBoundAbove(0.01).hasUpperBoundAtMost(0.12))
                .isSameAs(rate);
        // 0 of 300: the upper bound is 1 - 0.025^(1/300) = 1.22%
        assertThat(NONE_OF_300).isZero().isAtMost(0).hasUpperBoundAtMost(0.0125);
    }

    @Test
    void isAtMostComparesThePointEstimateAndShowsTheInterval() {
        assertThatThrownBy(() -> assertThat(FIVE_OF_100).isAtMost(0.04))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the rate to be at most 4.00% but was 5.00% "
                        + String.format(Locale.ROOT, "(5/100, 95%% CI [%.2f%%, %.2f%%]).", 100 * FIVE_OF_100.lower(),
                                100 * FIVE_OF_100.upper()))
                // the interval reaches below 4%: the message says the excess may be chance
                .hasMessageContaining("may be chance")
                // a bare rate has no campaign: no faults, no seed
                .hasMessageNotContaining("Worst")
                .hasMessageNotContaining("Seed");
    }

    @Test
    void closeValuesGetEnoughDigitsToTellThemApart() {
        Rate justAbove = Rate.clopperPearson(1004, 100_000, 0.95);
        assertThatThrownBy(() -> assertThat(justAbove).isAtMost(0.01))
                .hasMessageStartingWith("Expecting the rate to be at most 1.000% but was 1.004% (1004/100000");
    }

    @Test
    void upperBoundCheckSaysWhenTheDataCannotDecideAndHowManyTrialsWould() {
        // 1 - 0.025^(1/n) <= 1% needs n >= ln(0.025) / ln(0.99) = 367.04
        assertThatThrownBy(() -> assertThat(NONE_OF_300).hasUpperBoundAtMost(0.01))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the upper bound of the 95% interval of the rate to be at most 1.00%"
                        + " but was 1.22%: 0% (0/300, 95% CI [0%, 1.22%])")
                .hasMessageContaining("inconclusive")
                .hasMessageContaining("about 368 trials without a single one counting");
    }

    @Test
    void upperBoundCheckSaysWhenTheLimitIsExceededWithConfidence() {
        assertThatThrownBy(() -> assertThat(FIVE_OF_100).hasUpperBoundAtMost(0.01))
                .hasMessageContaining("to be at most 1.00% but was 11.28%")
                .hasMessageContaining("Even the lower bound 1.64% is above 1.00%");
    }

    @Test
    void lowerBoundCheckDistinguishesInconclusiveFromBelow() {
        assertThatThrownBy(() -> assertThat(FIVE_OF_100).hasLowerBoundAbove(0.02))
                .hasMessageStartingWith("Expecting the lower bound of the 95% interval of the rate to be above 2.00%"
                        + " but was 1.64%")
                .hasMessageContaining("The interval contains 2.00%");
        assertThatThrownBy(() -> assertThat(FIVE_OF_100).hasLowerBoundAbove(0.2))
                .hasMessageContaining("The whole interval lies at or below 20.00%");
    }

    @Test
    void isZeroAndIsAtLeastReportTheCounts() {
        assertThatThrownBy(() -> assertThat(FIVE_OF_100).isZero())
                .hasMessageStartingWith("Expecting the rate to be zero but 5 of 100 trials counted: 5.00% (5/100");
        assertThatThrownBy(() -> assertThat(NONE_OF_300).isAtLeast(0.001))
                .hasMessageStartingWith("Expecting the rate to be at least 0.1% but was 0% (0/300");
    }

    @Test
    void theConfidenceLevelIsTheRatesOwn() {
        Rate at99 = Rate.clopperPearson(5, 100, 0.99);
        assertThatThrownBy(() -> assertThat(at99).isAtMost(0.01)).hasMessageContaining("(5/100, 99% CI [");
        assertThatThrownBy(() -> assertThat(Rate.clopperPearson(5, 100, 0.995)).isAtMost(0.01))
                .hasMessageContaining("99.5% CI");
    }

    @Test
    void aRateWithoutTrialsFailsEveryCheck() {
        Rate empty = Rate.clopperPearson(0, 0, 0.95);
        assertThatThrownBy(() -> assertThat(empty).isZero())
                .hasMessage("Expecting the rate to be zero but the rate has no trials: nothing was measured.");
        assertThatThrownBy(() -> assertThat(empty).hasUpperBoundAtMost(1)).hasMessageContaining("no trials");
    }

    @Test
    void thresholdsAreFractions() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(FIVE_OF_100).isAtMost(5))
                .withMessageContaining("fraction in [0, 1]").withMessageContaining("for 5% write 0.05");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(FIVE_OF_100).hasUpperBoundAtMost(-0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(FIVE_OF_100).hasLowerBoundAbove(Double.NaN));
    }

    @Test
    void nullAndNavigationErrors() {
        assertThatThrownBy(() -> assertThat((Rate) null).isZero()).hasMessageContaining("Expecting actual not to be null");
        assertThatIllegalStateException().isThrownBy(() -> assertThat(FIVE_OF_100).returnToCampaign())
                .withMessageContaining("outcomeRate");
    }

    @Test
    void theUsersDescriptionComesFirst() {
        assertThatThrownBy(() -> assertThat(FIVE_OF_100).as("bit-30 gate").isZero())
                .hasMessageStartingWith("[bit-30 gate] Expecting the rate to be zero");
    }
}
