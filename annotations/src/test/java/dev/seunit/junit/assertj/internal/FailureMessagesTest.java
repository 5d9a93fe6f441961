package dev.seunit.junit.assertj.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.Corruption;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.stats.Rate;

/** The message pieces for fault models and formats a bit-flip campaign on float32 does not show. */
class FailureMessagesTest {

    private static final FaultSite SITE = FaultSite.parameter("enc1_weight", "enc1", 17);

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
    void aBitFlipShowsSiteBitValuesAndOutcome() {
        // bit 30 of a float32 in [1, 2) sets the exponent to all ones: 1.0 becomes Infinity, 1.25 NaN
        Fault flip = Fault.bitFlip(SITE, NumberFormat.FLOAT32, 30);
        long one = NumberFormat.FLOAT32.encode(1.0);
        long quarterMore = NumberFormat.FLOAT32.encode(1.25);
        assertThat(FailureMessages.injection(record(FaultScenario.of(flip), one, flip.apply(one), Outcome.DUE, null)))
                .isEqualTo("enc1_weight[17] bit 30: 1.0 -> Infinity => DUE");
        assertThat(FailureMessages.injection(
                record(FaultScenario.of(flip), quarterMore, flip.apply(quarterMore), Outcome.DUE, null)))
                .isEqualTo("enc1_weight[17] bit 30: 1.25 -> NaN => DUE");
    }

    @Test
    void otherFaultModelsFormatsAndDetails() {
        Fault mbu = new Fault(SITE, FaultModel.adjacentBits(2), NumberFormat.FLOAT32, Corruption.flip(0b11L << 29));
        Fault stuck = new Fault(SITE, FaultModel.stuckAt1(), NumberFormat.INT8, Corruption.set(1L << 7));
        Fault replaced = new Fault(SITE, FaultModel.randomValue(), NumberFormat.INT8, Corruption.replace(0x7f, 0xff));
        long one = NumberFormat.FLOAT32.encode(1.0);
        assertThat(FailureMessages.injection(record(FaultScenario.of(mbu, stuck), one, mbu.apply(one), Outcome.CRITICAL,
                null))).startsWith("enc1_weight[17] bits [29, 30]: 1.0 -> ")
                .endsWith(" => CRITICAL (3/8 predictions changed) (+1 more fault)");
        assertThat(FailureMessages.injection(record(FaultScenario.of(stuck), 5, stuck.apply(5), Outcome.SDC, null)))
                .isEqualTo("enc1_weight[17] bit 7 stuck at 1: 5 -> -123 => SDC (3/8 predictions changed)");
        assertThat(FailureMessages.injection(record(FaultScenario.of(replaced), 5, 0x7f, Outcome.DUE,
                "java.lang.IllegalStateException: boom\n\tat somewhere")))
                .isEqualTo("enc1_weight[17] word <- 0x7f: 5 -> 127 => DUE [java.lang.IllegalStateException: boom ...]");
    }

    @Test
    void injectionsToShowAtMostMatchesTheClosedFormForZeroCounts() {
        // 1 - 0.025^(1/n) <= 1% from n = 368 on
        assertThat(FailureMessages.injectionsToShowAtMost(0, 0.01, 0.95)).isEqualTo(368);
        assertThat(FailureMessages.injectionsToShowAtMost(0.02, 0.01, 0.95)).isEqualTo(-1);
        long n = FailureMessages.injectionsToShowAtMost(0.005, 0.01, 0.95);
        assertThat(Rate.clopperPearson(Math.round(0.005 * n), n, 0.95).upper()).isLessThanOrEqualTo(0.01);
    }

    private static InjectionRecord record(FaultScenario scenario, long before, long after, Outcome outcome, String error) {
        List<Long> befores = scenario.faults().stream().map(f -> before).toList();
        List<Long> afters = scenario.faults().stream().map(f -> after).toList();
        return new InjectionRecord(0, scenario, befores, afters, outcome, 3, 8, 1, 0, Double.NaN, 1, error);
    }
}
