package dev.seunit.junit.assertj.internal;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import dev.seunit.stats.Rate;

/** The pieces failure messages are made of: percentages, rates, bit ranges. */
class FailureMessagesTest {

    @Test
    void percentagesKeepTwoDecimalsOrThreeSignificantDigits() {
        assertThat(FailureMessages.percent(0.032)).isEqualTo("3.20%");
        assertThat(FailureMessages.percent(0.01)).isEqualTo("1.00%");
        assertThat(FailureMessages.percent(0.001)).isEqualTo("0.1%");
        assertThat(FailureMessages.percent(0.000123456)).isEqualTo("0.0123%");
        assertThat(FailureMessages.percent(0)).isEqualTo("0%");
        assertThat(FailureMessages.percents(0.01, 0.01004)).containsExactly("1.000%", "1.004%");
        assertThat(FailureMessages.rate(Rate.clopperPearson(16, 500, 0.95)))
                .isEqualTo("3.20% (16/500, 95% CI [1.84%, 5.14%])");
    }

    @Test
    void bitRangesAreCompressed() {
        assertThat(FailureMessages.ranges(new int[] {0, 1, 2, 3, 7, 30, 31})).isEqualTo("0-3, 7, 30, 31");
        assertThat(FailureMessages.ranges(new int[] {30})).isEqualTo("30");
    }

    @Test
    void injectionsToShowAtMostMatchesTheClosedFormForZeroCounts() {
        // 1 - 0.025^(1/n) <= 1% from n = 368 on
        assertThat(FailureMessages.injectionsToShowAtMost(0, 0.01, 0.95)).isEqualTo(368);
        assertThat(FailureMessages.injectionsToShowAtMost(0.02, 0.01, 0.95)).isEqualTo(-1);
        long n = FailureMessages.injectionsToShowAtMost(0.005, 0.01, 0.95);
        assertThat(Rate.clopperPearson(Math.round(0.005 * n), n, 0.95).upper()).isLessThanOrEqualTo(0.01);
    }
}
