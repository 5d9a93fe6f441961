package dev.seunit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BitSelectionTest {

    private static int[] range(int fromInclusive, int toInclusive) {
        return IntStream.rangeClosed(fromInclusive, toInclusive).toArray();
    }

    @Test
    void namedClassesOfFloat32() {
        NumberFormat f = NumberFormat.FLOAT32;
        assertThat(BitSelection.SIGN.resolve(f)).containsExactly(31);
        assertThat(BitSelection.MSB.resolve(f)).containsExactly(30);
        assertThat(BitSelection.EXPONENT.resolve(f)).containsExactly(range(23, 30));
        assertThat(BitSelection.MANTISSA.resolve(f)).containsExactly(range(0, 22));
        assertThat(BitSelection.ALL.resolve(f)).containsExactly(range(0, 31));
    }

    @Test
    void namedClassesOfFloat16() {
        NumberFormat f = NumberFormat.FLOAT16;
        assertThat(BitSelection.SIGN.resolve(f)).containsExactly(15);
        assertThat(BitSelection.MSB.resolve(f)).containsExactly(14);
        assertThat(BitSelection.EXPONENT.resolve(f)).containsExactly(range(10, 14));
        assertThat(BitSelection.MANTISSA.resolve(f)).containsExactly(range(0, 9));
        assertThat(BitSelection.ALL.resolve(f)).containsExactly(range(0, 15));
    }

    @Test
    void namedClassesOfBfloat16() {
        NumberFormat f = NumberFormat.BFLOAT16;
        assertThat(BitSelection.SIGN.resolve(f)).containsExactly(15);
        assertThat(BitSelection.MSB.resolve(f)).containsExactly(14);
        assertThat(BitSelection.EXPONENT.resolve(f)).containsExactly(range(7, 14));
        assertThat(BitSelection.MANTISSA.resolve(f)).containsExactly(range(0, 6));
    }

    @Test
    void namedClassesOfInt8() {
        NumberFormat f = NumberFormat.INT8;
        assertThat(BitSelection.ALL.resolve(f)).containsExactly(range(0, 7));
        assertThat(BitSelection.SIGN.resolve(f)).containsExactly(7);
        assertThat(BitSelection.MSB.resolve(f)).containsExactly(7);
    }

    @Test
    void exponentAndMantissaOfAnIntegerFormatSuggestWhatToUse() {
        for (BitSelection floatOnly : new BitSelection[] {BitSelection.EXPONENT, BitSelection.MANTISSA}) {
            assertThatIllegalArgumentException().isThrownBy(() -> floatOnly.resolve(NumberFormat.INT8))
                    .withMessageContaining("INT8")
                    .withMessageContaining(floatOnly.kind().name().toLowerCase())
                    .withMessageContaining("ALL")
                    .withMessageContaining("SIGN")
                    .withMessageContaining("MSB");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> BitSelection.EXPONENT.resolve(NumberFormat.INT32));
    }

    @Test
    void explicitBitsAreSortedAndDeduplicated() {
        BitSelection bits = BitSelection.of(30, 3, 30, 0, 3);
        assertThat(bits.kind()).isEqualTo(BitSelection.Kind.EXPLICIT);
        assertThat(bits.resolve(NumberFormat.FLOAT32)).containsExactly(0, 3, 30);
    }

    @Test
    void resolveReturnsACopy() {
        BitSelection bits = BitSelection.of(1, 2);
        bits.resolve(NumberFormat.FLOAT32)[0] = 31;
        assertThat(bits.resolve(NumberFormat.FLOAT32)).containsExactly(1, 2);
    }

    @Test
    void explicitBitOutsideTheWordNamesTheRange() {
        BitSelection bits = BitSelection.of(5, 32);
        assertThatIllegalArgumentException().isThrownBy(() -> bits.resolve(NumberFormat.FLOAT32))
                .withMessageContaining("bit 32")
                .withMessageContaining("FLOAT32")
                .withMessageContaining("0 (LSB) to 31");
        // the same selection may be valid for one format and not another
        assertThat(BitSelection.of(7).resolve(NumberFormat.INT8)).containsExactly(7);
        assertThatIllegalArgumentException().isThrownBy(() -> BitSelection.of(8).resolve(NumberFormat.INT8))
                .withMessageContaining("0 (LSB) to 7");
    }

    @Test
    void emptyExplicitSelectionIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(BitSelection::of)
                .withMessageContaining("at least one bit");
    }

    @Test
    void negativeBitIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> BitSelection.of(3, -1))
                .withMessageContaining("-1")
                .withMessageContaining("LSB");
    }

    @Test
    void namedKindsMapToTheConstants() {
        assertThat(BitSelection.of(BitSelection.Kind.SIGN)).isSameAs(BitSelection.SIGN);
        assertThat(BitSelection.of(BitSelection.Kind.ALL)).isSameAs(BitSelection.ALL);
        assertThat(BitSelection.of(BitSelection.Kind.MANTISSA)).isSameAs(BitSelection.MANTISSA);
        assertThatIllegalArgumentException().isThrownBy(() -> BitSelection.of(BitSelection.Kind.EXPLICIT))
                .withMessageContaining("BitSelection.of(int...)");
    }

    @Test
    void equalityHashCodeAndToString() {
        assertThat(BitSelection.of(3, 1)).isEqualTo(BitSelection.of(1, 3, 3))
                .hasSameHashCodeAs(BitSelection.of(1, 3));
        assertThat(BitSelection.of(1, 3)).isNotEqualTo(BitSelection.of(1, 4));
        assertThat(BitSelection.of(30)).isNotEqualTo(BitSelection.MSB);
        assertThat(BitSelection.SIGN).isNotEqualTo(BitSelection.MSB);
        assertThat(BitSelection.of(BitSelection.Kind.EXPONENT)).isEqualTo(BitSelection.EXPONENT);

        assertThat(BitSelection.of(3, 1)).hasToString("bits[1, 3]");
        assertThat(BitSelection.MSB).hasToString("MSB");
        assertThat(BitSelection.ALL).hasToString("ALL");
    }
}
