package dev.seunit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FaultTest {

    private static final FaultSite WEIGHT = FaultSite.parameter("conv1_weight", "conv1", 12);
    private static final FaultSite ACTIVATION = FaultSite.activation("relu2", 7);

    private static Fault flip(FaultSite site, NumberFormat format, int bit) {
        return new Fault(site, FaultModel.bitFlip(), format, Corruption.flip(1L << bit));
    }

    @Test
    void applyMasksTheResultToTheWordWidth() {
        // a float32 word handed over sign-extended, as (long) of a negative int
        long signExtended = Float.floatToRawIntBits(-1.0f);
        assertThat(signExtended).isNegative();
        assertThat(flip(WEIGHT, NumberFormat.FLOAT32, 0).apply(signExtended)).isEqualTo(0xBF80_0001L);

        Fault int8Sign = flip(WEIGHT, NumberFormat.INT8, 7);
        assertThat(int8Sign.apply(0x7f)).isEqualTo(0xff);
        assertThat(int8Sign.apply(0xffff_ff85L)).isEqualTo(0x05);

        Fault setAll = new Fault(WEIGHT, FaultModel.stuckAt1(), NumberFormat.FLOAT16, Corruption.set(-1L));
        assertThat(setAll.apply(0)).isEqualTo(0xFFFF);
    }

    @Test
    void applyOfTheMsbMakesValuesBetweenOneAndTwoNonFinite() {
        Fault msb = flip(WEIGHT, NumberFormat.FLOAT32, 30);
        assertThat(NumberFormat.FLOAT32.decode(msb.apply(NumberFormat.FLOAT32.encode(1.0))))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NumberFormat.FLOAT32.decode(msb.apply(NumberFormat.FLOAT32.encode(1.25)))).isNaN();
        // values of 2 and above lose their top exponent bit and become tiny instead
        assertThat(NumberFormat.FLOAT32.decode(msb.apply(NumberFormat.FLOAT32.encode(4.0)))).isEqualTo(0x1p-126);
    }

    @Test
    void topBitIsTheHighestAddressedBit() {
        assertThat(flip(WEIGHT, NumberFormat.FLOAT32, 30).topBit()).isEqualTo(30);
        assertThat(flip(WEIGHT, NumberFormat.FLOAT32, 0).topBit()).isEqualTo(0);
        Fault multi = new Fault(WEIGHT, FaultModel.adjacentBits(3), NumberFormat.FLOAT32,
                Corruption.flip(0b111L << 22));
        assertThat(multi.topBit()).isEqualTo(24);
        assertThat(multi.bits()).containsExactly(22, 23, 24);
        Fault random = new Fault(WEIGHT, FaultModel.randomValue(), NumberFormat.INT8,
                Corruption.replace(0x12, NumberFormat.INT8.wordMask()));
        assertThat(random.topBit()).isEqualTo(7);
    }

    @Test
    void toStringNamesSiteBitModelAndFormat() {
        assertThat(flip(WEIGHT, NumberFormat.FLOAT32, 30).toString())
                .contains("conv1_weight[12]")
                .contains("bit 30")
                .contains("bit flip")
                .contains("FLOAT32");
        assertThat(flip(ACTIVATION, NumberFormat.FLOAT16, 14).toString())
                .contains("relu2:out[7]")
                .contains("bit 14")
                .contains("FLOAT16");
    }

    @Test
    void toStringListsEveryBitOfAMultiBitFault() {
        Fault multi = new Fault(WEIGHT, FaultModel.randomBits(2), NumberFormat.FLOAT32,
                Corruption.flip((1L << 3) | (1L << 27)));
        assertThat(multi.toString()).contains("conv1_weight[12]").contains("bits [3, 27]");
    }

    @Test
    void toStringShowsTheReplacementWord() {
        Fault random = new Fault(WEIGHT, FaultModel.randomValue(), NumberFormat.FLOAT32,
                Corruption.replace(0x7fc00000L, NumberFormat.FLOAT32.wordMask()));
        assertThat(random.toString()).contains("conv1_weight[12]").contains("0x7fc00000").contains("random value");
    }

    @Test
    void sitesKnowTheirLayer() {
        assertThat(WEIGHT.layer()).isEqualTo("conv1");
        assertThat(WEIGHT.name()).isEqualTo("conv1_weight");
        assertThat(WEIGHT.index()).isEqualTo(12);
        assertThat(ACTIVATION.layer()).isEqualTo("relu2");
        assertThat(ACTIVATION.index()).isEqualTo(7);
    }

    @Test
    void scenarioRejectsAnEmptyList() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FaultScenario(List.of()))
                .withMessageContaining("at least one fault");
        assertThatIllegalArgumentException().isThrownBy(FaultScenario::of);
    }

    @Test
    void scenarioIsImmutableAndShowsItsFaults() {
        Fault a = flip(WEIGHT, NumberFormat.FLOAT32, 30);
        Fault b = flip(ACTIVATION, NumberFormat.FLOAT32, 31);
        List<Fault> faults = new ArrayList<>(List.of(a, b));
        FaultScenario scenario = new FaultScenario(faults);
        faults.clear();
        assertThat(scenario.size()).isEqualTo(2);
        assertThat(scenario.first()).isEqualTo(a);
        assertThatThrownBy(() -> scenario.faults().add(a)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(scenario.toString()).startsWith("{").contains(a.toString()).contains(" + ")
                .contains(b.toString());
        assertThat(FaultScenario.of(a)).hasToString(a.toString());
    }
}
