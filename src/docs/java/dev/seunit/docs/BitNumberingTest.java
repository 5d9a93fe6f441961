package dev.seunit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.seunit.fault.BitRole;
import dev.seunit.fault.BitSelection;
import dev.seunit.fault.NumberFormat;

/** The guide's bit-numbering table, checked against the framework. */
class BitNumberingTest {

    @Test
    void bitsAreNumberedFromTheLeastSignificant() {
        // tag::bit-numbering[]
        // float32: bit 31 sign | bits 30..23 exponent (bit 30 its top bit, the MSB) | bits 22..0 mantissa
        assertThat(BitSelection.SIGN.resolve(NumberFormat.FLOAT32)).containsExactly(31);
        assertThat(BitSelection.MSB.resolve(NumberFormat.FLOAT32)).containsExactly(30);
        assertThat(BitSelection.EXPONENT.resolve(NumberFormat.FLOAT32)).containsExactly(23, 24, 25, 26, 27, 28, 29, 30);
        assertThat(BitSelection.MANTISSA.resolve(NumberFormat.FLOAT32)).hasSize(23).startsWith(0).endsWith(22);
        assertThat(NumberFormat.FLOAT32.roleOf(0)).isEqualTo(BitRole.MANTISSA); // bit 0: the least significant bit

        // why bit 30 matters: a value in 1 <= |x| < 2 has exponent field 0b01111111; flipping bit 30 makes it all ones
        assertThat(Float.intBitsToFloat(Float.floatToIntBits(1.0f) ^ (1 << 30))).isInfinite();
        assertThat(Float.intBitsToFloat(Float.floatToIntBits(1.5f) ^ (1 << 30))).isNaN();
        assertThat(Float.intBitsToFloat(Float.floatToIntBits(0.5f) ^ (1 << 30))).isEqualTo(0x1p127f); // large, finite

        // float16: 15 sign | 14..10 exponent | 9..0 mantissa; bfloat16: 15 sign | 14..7 exponent | 6..0 mantissa
        assertThat(BitSelection.MSB.resolve(NumberFormat.FLOAT16)).containsExactly(14);
        assertThat(BitSelection.EXPONENT.resolve(NumberFormat.FLOAT16)).containsExactly(10, 11, 12, 13, 14);
        assertThat(BitSelection.EXPONENT.resolve(NumberFormat.BFLOAT16)).containsExactly(7, 8, 9, 10, 11, 12, 13, 14);

        // int8 (two's complement): bit 7 is both the sign and the MSB; there is no exponent or mantissa
        assertThat(BitSelection.SIGN.resolve(NumberFormat.INT8)).containsExactly(7);
        assertThat(BitSelection.MSB.resolve(NumberFormat.INT8)).containsExactly(7);
        assertThat(BitSelection.ALL.resolve(NumberFormat.INT32)).hasSize(32);
        // end::bit-numbering[]
    }
}
