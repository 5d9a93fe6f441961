package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.seunit.fault.Corruption;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultModel;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;

/** One injection described on one line, the same in failure messages and reports, for every fault model. */
class InjectionRecordTest {

    private static final FaultSite SITE = FaultSite.parameter("enc1_weight", "enc1", 17);

    @Test
    void aBitFlipShowsSiteBitValuesAndOutcome() {
        // bit 30 of a float32 in [1, 2) sets the exponent to all ones: 1.0 becomes Infinity, 1.25 NaN
        Fault flip = Fault.bitFlip(SITE, NumberFormat.FLOAT32, 30);
        long one = NumberFormat.FLOAT32.encode(1.0);
        long quarterMore = NumberFormat.FLOAT32.encode(1.25);
        assertThat(String.valueOf(record(FaultScenario.of(flip), one, flip.apply(one), Outcome.DUE, null)))
                .isEqualTo("enc1_weight[17] bit 30: 1.0 -> Infinity => DUE");
        assertThat(String.valueOf(
                record(FaultScenario.of(flip), quarterMore, flip.apply(quarterMore), Outcome.DUE, null)))
                .isEqualTo("enc1_weight[17] bit 30: 1.25 -> NaN => DUE");
    }

    @Test
    void otherFaultModelsFormatsAndDetails() {
        Fault mbu = new Fault(SITE, FaultModel.adjacentBits(2), NumberFormat.FLOAT32, Corruption.flip(0b11L << 29));
        Fault stuck = new Fault(SITE, FaultModel.stuckAt1(), NumberFormat.INT8, Corruption.set(1L << 7));
        Fault replaced = new Fault(SITE, FaultModel.randomValue(), NumberFormat.INT8, Corruption.replace(0x7f, 0xff));
        long one = NumberFormat.FLOAT32.encode(1.0);
        assertThat(String.valueOf(record(FaultScenario.of(mbu, stuck), one, mbu.apply(one), Outcome.CRITICAL,
                null))).startsWith("enc1_weight[17] bits [29, 30]: 1.0 -> ")
                .endsWith(" => CRITICAL (3/8 predictions changed) (+1 more fault)");
        assertThat(String.valueOf(record(FaultScenario.of(stuck), 5, stuck.apply(5), Outcome.SDC, null)))
                .isEqualTo("enc1_weight[17] bit 7 stuck at 1: 5 -> -123 => SDC (3/8 predictions changed)");
        assertThat(String.valueOf(record(FaultScenario.of(replaced), 5, 0x7f, Outcome.DUE,
                "java.lang.IllegalStateException: boom\n\tat somewhere")))
                .isEqualTo("enc1_weight[17] word <- 0x7f: 5 -> 127 => DUE [java.lang.IllegalStateException: boom ...]");
    }

    private static InjectionRecord record(FaultScenario scenario, long before, long after, Outcome outcome, String error) {
        List<Long> befores = scenario.faults().stream().map(f -> before).toList();
        List<Long> afters = scenario.faults().stream().map(f -> after).toList();
        return error != null ? InjectionRecord.due(0, scenario, befores, afters, error, 1)
                : InjectionRecord.of(0, scenario, befores, afters, outcome, 3, 8, 1, 0, Double.NaN, 1);
    }
}
