package dev.seunit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FaultModelTest {

    private static final SplittableRandom UNUSED = new SplittableRandom(0);

    /** The masks of every choice a model offers. */
    private static List<Long> masks(FaultModel model, int[] bits, NumberFormat format) {
        List<Long> masks = new ArrayList<>();
        long choices = model.choices(bits, format);
        for (long c = 0; c < choices; c++) {
            masks.add(model.corruption(c, bits, format, UNUSED).mask());
        }
        return masks;
    }

    private static long selectionMask(int[] bits) {
        long mask = 0;
        for (int b : bits) {
            mask |= 1L << b;
        }
        return mask;
    }

    @Nested
    class BitFlip {
        private final FaultModel model = FaultModel.bitFlip();

        @Test
        void oneChoicePerSelectedBit() {
            assertThat(model.choices(new int[] {3, 9, 30}, NumberFormat.FLOAT32)).isEqualTo(3);
            assertThat(model.choices(BitSelection.ALL.resolve(NumberFormat.FLOAT32), NumberFormat.FLOAT32))
                    .isEqualTo(32);
        }

        @Test
        void choiceFlipsExactlyThatBit() {
            int[] bits = {3, 9, 30};
            for (int c = 0; c < bits.length; c++) {
                Corruption corruption = model.corruption(c, bits, NumberFormat.FLOAT32, UNUSED);
                assertThat(corruption.operation()).isEqualTo(Corruption.Operation.FLIP);
                assertThat(corruption.bits()).containsExactly(bits[c]);
                long word = 0x3F80_0000L;
                assertThat(corruption.apply(word) ^ word).isEqualTo(1L << bits[c]);
                assertThat(corruption.apply(corruption.apply(word))).as("a flip is its own inverse").isEqualTo(word);
            }
        }

        @Test
        void msbFlipOfOneGivesInfinity() {
            int[] bits = BitSelection.MSB.resolve(NumberFormat.FLOAT32);
            Corruption corruption = model.corruption(0, bits, NumberFormat.FLOAT32, UNUSED);
            assertThat(NumberFormat.FLOAT32.decode(corruption.apply(NumberFormat.FLOAT32.encode(1.0))))
                    .isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    @Nested
    class AdjacentBits {

        @Test
        void windowsOverAllOfInt8() {
            FaultModel model = FaultModel.adjacentBits(2);
            int[] all = BitSelection.ALL.resolve(NumberFormat.INT8);
            assertThat(model.choices(all, NumberFormat.INT8)).isEqualTo(7);
            List<Long> masks = masks(model, all, NumberFormat.INT8);
            List<Long> expected = new ArrayList<>();
            for (int b = 0; b <= 6; b++) {
                expected.add(0b11L << b);
            }
            assertThat(masks).containsExactlyElementsOf(expected);
        }

        @Test
        void windowsMustFitInTheWord() {
            FaultModel model = FaultModel.adjacentBits(3);
            assertThat(model.choices(new int[] {6, 7}, NumberFormat.INT8)).isZero();
            // bit 5 is the lowest bit of the window 5..7, which still fits
            int[] bits = {5, 6, 7};
            assertThat(model.choices(bits, NumberFormat.INT8)).isEqualTo(1);
            assertThat(masks(model, bits, NumberFormat.INT8)).containsExactly(0b111L << 5);
        }

        @Test
        void windowMayExtendBeyondTheSelection() {
            // the window starts at a selected bit; its upper bits need not be selected
            FaultModel model = FaultModel.adjacentBits(4);
            assertThat(masks(model, new int[] {0, 28}, NumberFormat.FLOAT32))
                    .containsExactly(0xFL, 0xFL << 28);
        }

        @Test
        void choiceBeyondTheWindowsIsRejected() {
            FaultModel model = FaultModel.adjacentBits(2);
            int[] bits = {6, 7};
            assertThat(model.choices(bits, NumberFormat.INT8)).isEqualTo(1);
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> model.corruption(1, bits, NumberFormat.INT8, UNUSED))
                    .withMessageContaining("out of range");
        }
    }

    @Nested
    class RandomBits {

        @Test
        void fourChooseTwo() {
            FaultModel model = FaultModel.randomBits(2);
            int[] bits = {1, 4, 9, 30};
            assertThat(model.choices(bits, NumberFormat.FLOAT32)).isEqualTo(6);
            List<Long> masks = masks(model, bits, NumberFormat.FLOAT32);
            assertThat(new HashSet<>(masks)).hasSize(6);
            long selection = selectionMask(bits);
            for (long mask : masks) {
                assertThat(Long.bitCount(mask)).isEqualTo(2);
                assertThat(mask & ~selection).as("mask 0x%x stays within the selection", mask).isZero();
            }
        }

        @Test
        void unrankingIsABijectionOverThirtyTwoChooseThree() {
            FaultModel model = FaultModel.randomBits(3);
            int[] all = BitSelection.ALL.resolve(NumberFormat.FLOAT32);
            assertThat(model.choices(all, NumberFormat.FLOAT32)).isEqualTo(4960);
            List<Long> masks = masks(model, all, NumberFormat.FLOAT32);
            Set<Long> distinct = new HashSet<>(masks);
            assertThat(distinct).hasSize(4960);
            assertThat(distinct).allSatisfy(mask -> {
                assertThat(Long.bitCount(mask)).isEqualTo(3);
                assertThat(mask & ~0xFFFF_FFFFL).isZero();
            });
            // lexicographic order: first {0,1,2}, last {29,30,31}
            assertThat(masks.get(0)).isEqualTo(0b111L);
            assertThat(masks.get(4959)).isEqualTo(0b111L << 29);
        }

        @Test
        void moreBitsThanSelectedGivesNoChoices() {
            assertThat(FaultModel.randomBits(3).choices(new int[] {1, 2}, NumberFormat.FLOAT32)).isZero();
        }

        @Test
        void binomialDoesNotOverflowForWideSelections() {
            assertThat(FaultModel.MultiBitUpset.binomial(32, 16)).isEqualTo(601_080_390L);
            assertThat(FaultModel.MultiBitUpset.binomial(32, 0)).isEqualTo(1);
        }
    }

    @Test
    void multiBitUpsetNeedsAtLeastTwoBits() {
        assertThatIllegalArgumentException().isThrownBy(() -> FaultModel.adjacentBits(1))
                .withMessageContaining("k=1")
                .withMessageContaining("bitFlip()");
        assertThatIllegalArgumentException().isThrownBy(() -> FaultModel.randomBits(1));
    }

    @Nested
    class StuckAt {

        @Test
        void stuckAtZeroClearsTheBit() {
            FaultModel model = FaultModel.stuckAt0();
            int[] bits = {0, 30};
            assertThat(model.choices(bits, NumberFormat.FLOAT32)).isEqualTo(2);
            Corruption corruption = model.corruption(1, bits, NumberFormat.FLOAT32, UNUSED);
            assertThat(corruption.operation()).isEqualTo(Corruption.Operation.CLEAR);
            assertThat(corruption.apply(0x7F80_0001L)).isEqualTo(0x3F80_0001L);
            assertThat(corruption.apply(0x0000_0001L)).as("already 0").isEqualTo(0x0000_0001L);
        }

        @Test
        void stuckAtOneSetsTheBit() {
            FaultModel model = FaultModel.stuckAt1();
            int[] bits = {0, 30};
            Corruption corruption = model.corruption(1, bits, NumberFormat.FLOAT32, UNUSED);
            assertThat(corruption.operation()).isEqualTo(Corruption.Operation.SET);
            assertThat(corruption.apply(0x3F80_0000L)).isEqualTo(0x7F80_0000L);
            assertThat(corruption.apply(0x7F80_0000L)).as("already 1: unchanged").isEqualTo(0x7F80_0000L);
            assertThat(corruption.bits()).containsExactly(30);
        }

        @Test
        void valueMustBeZeroOrOne() {
            assertThatIllegalArgumentException().isThrownBy(() -> new FaultModel.StuckAt(2))
                    .withMessageContaining("0 or 1")
                    .withMessageContaining("2");
            assertThat(FaultModel.stuckAt1()).isEqualTo(new FaultModel.StuckAt(1)).hasToString("stuck-at-1");
        }
    }

    @Nested
    class RandomValue {
        private final FaultModel model = FaultModel.randomValue();

        @Test
        void oneChoiceWhateverTheSelection() {
            assertThat(model.choices(new int[] {3}, NumberFormat.INT8)).isEqualTo(1);
            assertThat(model.choices(BitSelection.ALL.resolve(NumberFormat.FLOAT32), NumberFormat.FLOAT32))
                    .isEqualTo(1);
        }

        @Test
        void sameSeedGivesTheSameWord() {
            Corruption a = model.corruption(0, new int[] {0}, NumberFormat.FLOAT32, new SplittableRandom(42));
            Corruption b = model.corruption(0, new int[] {0}, NumberFormat.FLOAT32, new SplittableRandom(42));
            assertThat(a).isEqualTo(b);
            assertThat(a.operation()).isEqualTo(Corruption.Operation.REPLACE);
            assertThat(a.apply(0x1234L)).isEqualTo(a.value());
        }

        @Test
        void drawsFromTheRandomSource() {
            Set<Long> words = new HashSet<>();
            for (long seed = 0; seed < 50; seed++) {
                words.add(model.corruption(0, new int[] {0}, NumberFormat.FLOAT32, new SplittableRandom(seed))
                        .value());
            }
            assertThat(words).as("50 seeds give (almost surely) different words").hasSizeGreaterThan(45);
        }

        @Test
        void staysWithinTheWord() {
            SplittableRandom random = new SplittableRandom(7);
            Set<Long> int8Words = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                for (NumberFormat format : NumberFormat.values()) {
                    Corruption c = model.corruption(0, new int[] {0}, format, random);
                    assertThat(c.value() & ~format.wordMask()).as("%s word 0x%x", format, c.value()).isZero();
                    assertThat(c.mask()).isEqualTo(format.wordMask());
                    if (format == NumberFormat.INT8) {
                        int8Words.add(c.value());
                    }
                }
            }
            assertThat(int8Words).as("covers the int8 words").hasSizeGreaterThan(240);
        }
    }

    @Nested
    class CorruptionOperations {

        @Test
        void applyEachOperation() {
            long word = 0b1100;
            assertThat(Corruption.flip(0b1010).apply(word)).isEqualTo(0b0110);
            assertThat(Corruption.clear(0b1010).apply(word)).isEqualTo(0b0100);
            assertThat(Corruption.set(0b1010).apply(word)).isEqualTo(0b1110);
            assertThat(Corruption.replace(0x5A, 0xFF).apply(word)).isEqualTo(0x5A);
        }

        @Test
        void bitsAreTheMaskPositionsAscending() {
            assertThat(Corruption.flip((1L << 31) | (1L << 4) | 1L).bits()).containsExactly(0, 4, 31);
            assertThat(Corruption.set(1L << 63).bits()).containsExactly(63);
            assertThat(Corruption.replace(0x5A, 0xFF).bits()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(Corruption.flip(0).bits()).isEmpty();
        }
    }
}
