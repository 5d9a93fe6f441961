package dev.seunit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.djl.ndarray.types.DataType;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberFormatTest {

    private static long flip(long word, int bit) {
        return word ^ (1L << bit);
    }

    /**
     * Between every two adjacent finite words of a 16-bit float format: the midpoint ties to the
     * even word, and the doubles just below and above it go to the nearer word.
     */
    private static void assertMidpointsRoundCorrectly(NumberFormat f, long largestFinite) {
        for (long sign : new long[] {0, 0x8000}) {
            for (long w = 0; w < largestFinite; w++) {
                long low = sign | w;
                long high = sign | (w + 1);
                double mid = (f.decode(low) + f.decode(high)) / 2; // exact in double
                long even = (low & 1) == 0 ? low : high;
                assertThat(f.encode(mid)).as("midpoint of 0x%04x and 0x%04x", low, high).isEqualTo(even);
                double towardLow = sign == 0 ? Math.nextDown(mid) : Math.nextUp(mid);
                double towardHigh = sign == 0 ? Math.nextUp(mid) : Math.nextDown(mid);
                assertThat(f.encode(towardLow)).as("just inside 0x%04x", low).isEqualTo(low);
                assertThat(f.encode(towardHigh)).as("just inside 0x%04x", high).isEqualTo(high);
            }
        }
    }

    @Test
    void widthsSignBitAndMsb() {
        assertThat(NumberFormat.FLOAT32.msb()).isEqualTo(30);
        assertThat(NumberFormat.FLOAT16.msb()).isEqualTo(14);
        assertThat(NumberFormat.BFLOAT16.msb()).isEqualTo(14);
        assertThat(NumberFormat.INT8.msb()).isEqualTo(7);
        assertThat(NumberFormat.INT32.msb()).isEqualTo(31);

        assertThat(NumberFormat.FLOAT32.signBit()).isEqualTo(31);
        assertThat(NumberFormat.FLOAT16.signBit()).isEqualTo(15);
        assertThat(NumberFormat.INT8.signBit()).isEqualTo(7);

        assertThat(NumberFormat.FLOAT32.wordMask()).isEqualTo(0xFFFF_FFFFL);
        assertThat(NumberFormat.FLOAT16.wordMask()).isEqualTo(0xFFFFL);
        assertThat(NumberFormat.INT8.wordMask()).isEqualTo(0xFFL);
        assertThat(NumberFormat.INT8.byteWidth()).isEqualTo(1);
        assertThat(NumberFormat.BFLOAT16.byteWidth()).isEqualTo(2);
    }

    @Nested
    class Float32 {
        private final NumberFormat f = NumberFormat.FLOAT32;

        @Test
        void msbFlipOfOneIsPositiveInfinity() {
            assertThat(f.decode(flip(f.encode(1.0), 30))).isEqualTo(Double.POSITIVE_INFINITY);
        }

        @Test
        void msbFlipOfOneAndAHalfIsNaN() {
            assertThat(f.decode(flip(f.encode(1.5), 30))).isNaN();
        }

        @Test
        void msbFlipOfMinusOneIsNegativeInfinity() {
            assertThat(f.decode(flip(f.encode(-1.0), 30))).isEqualTo(Double.NEGATIVE_INFINITY);
        }

        @Test
        void msbFlipOfValuesBelowOneStaysFinite() {
            // 0.5 has exponent 0x7e: setting bit 30 gives 2^127, finite
            assertThat(f.decode(flip(f.encode(0.5), 30))).isEqualTo(0x1p127);
        }

        @Test
        void signFlipNegates() {
            assertThat(f.decode(flip(f.encode(1.0), 31))).isEqualTo(-1.0);
            long negativeZero = flip(f.encode(0.0), 31);
            assertThat(negativeZero).isEqualTo(0x8000_0000L);
            assertThat(Double.doubleToRawLongBits(f.decode(negativeZero)))
                    .isEqualTo(Double.doubleToRawLongBits(-0.0));
        }

        @Test
        void wordsAreUnsignedInTheLowBits() {
            assertThat(f.encode(-1.0)).isEqualTo(0xBF80_0000L);
            // high garbage above the word is ignored by decode
            assertThat(f.decode(0xFFFF_FFFF_3F80_0000L)).isEqualTo(1.0);
        }
    }

    @Nested
    class Int8 {
        private final NumberFormat f = NumberFormat.INT8;

        @Test
        void flippingTheSignBitOfTwosComplement() {
            assertThat(f.decode(flip(0x05, 7))).isEqualTo(-123.0);
            assertThat(flip(0x7f, 7)).isEqualTo(0xff);
            assertThat(f.decode(flip(0x7f, 7))).isEqualTo(-1.0);
        }

        @Test
        void encodeSaturatesAndKeepsTheWordInEightBits() {
            assertThat(f.encode(200)).isEqualTo(127);
            assertThat(f.encode(-200)).isEqualTo(0x80);
            assertThat(f.encode(-1)).isEqualTo(0xff);
            assertThat(f.encode(3.4)).isEqualTo(3);
        }

        @Test
        void roundTripsEveryWord() {
            for (long w = 0; w < 256; w++) {
                assertThat(f.encode(f.decode(w))).as("word 0x%02x", w).isEqualTo(w);
            }
        }
    }

    @Test
    void int32EncodesTwosComplementAndSaturates() {
        NumberFormat f = NumberFormat.INT32;
        assertThat(f.encode(-1)).isEqualTo(0xFFFF_FFFFL);
        assertThat(f.decode(0xFFFF_FFFFL)).isEqualTo(-1.0);
        assertThat(f.encode(1e12)).isEqualTo(Integer.MAX_VALUE);
        assertThat(f.decode(f.encode(-1e12))).isEqualTo(Integer.MIN_VALUE);
        assertThat(f.decode(flip(f.encode(1), 31))).isEqualTo(Integer.MIN_VALUE + 1.0);
    }

    @Nested
    class Float16 {
        private final NumberFormat f = NumberFormat.FLOAT16;

        @ParameterizedTest(name = "{0} <-> 0x{1}")
        @CsvSource({
                "1.0, 3C00",
                "-2.0, C000",
                "65504, 7BFF",
                "0.5, 3800",
                "Infinity, 7C00",
                "-Infinity, FC00",
                "0.0, 0000",
                "-0.0, 8000",
                "5.9604644775390625E-8, 0001", // 2^-24, smallest subnormal
                "6.103515625E-5, 0400", // 2^-14, smallest normal
                "6.097555160522461E-5, 03FF", // largest subnormal
                "0.333251953125, 3555",
        })
        void knownWords(double value, String hex) {
            long word = Long.parseLong(hex, 16);
            assertThat(f.encode(value)).as("encode(%s)", value).isEqualTo(word);
            assertThat(Double.doubleToRawLongBits(f.decode(word))).as("decode(0x%s)", hex)
                    .isEqualTo(Double.doubleToRawLongBits(value));
        }

        @Test
        void msbFlips() {
            assertThat(flip(0x3C00, 14)).isEqualTo(0x7C00);
            assertThat(f.decode(flip(0x3C00, 14))).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(f.decode(flip(0x3E00, 14))).isNaN();
            assertThat(f.decode(0x3E00)).isEqualTo(1.5);
        }

        @Test
        void roundTripsEveryWordAndKeepsNaN() {
            for (long w = 0; w <= 0xFFFF; w++) {
                double value = f.decode(w);
                if (Double.isNaN(value)) {
                    assertThat(f.decode(f.encode(value))).as("NaN word 0x%04x", w).isNaN();
                } else {
                    assertThat(f.encode(value)).as("word 0x%04x (%s)", w, value).isEqualTo(w);
                }
            }
        }

        @Test
        void nanWordsAreExactlyThoseWithAllExponentBitsAndAMantissa() {
            int nans = 0;
            for (long w = 0; w <= 0xFFFF; w++) {
                boolean nanWord = (w & 0x7C00) == 0x7C00 && (w & 0x3FF) != 0;
                assertThat(Double.isNaN(f.decode(w))).as("word 0x%04x", w).isEqualTo(nanWord);
                nans += nanWord ? 1 : 0;
            }
            assertThat(nans).isEqualTo(2 * 1023);
        }

        @Test
        void roundsToNearestEven() {
            // halfway between 1.0 (0x3C00) and 1+2^-10 (0x3C01): ties to the even word
            assertThat(f.encode(1 + 0x1p-11)).isEqualTo(0x3C00);
            // halfway between 0x3C01 and 0x3C02: ties to the even word 0x3C02
            assertThat(f.encode(1 + 3 * 0x1p-11)).isEqualTo(0x3C02);
            // just above halfway rounds up
            assertThat(f.encode(1 + 0x1p-11 + 0x1p-20)).isEqualTo(0x3C01);
            // mantissa carry into the exponent
            assertThat(f.encode(2 - 0x1p-12)).isEqualTo(0x4000);
        }

        @Test
        void roundsADoubleOnceNotTwice() {
            // 1 + 2^-11 + 2^-40 lies above the midpoint of 0x3C00 and 0x3C01; narrowing to float first
            // would drop the 2^-40 and make it a tie that rounds down to 0x3C00
            assertThat(f.encode(1 + 0x1p-11 + 0x1p-40)).isEqualTo(0x3C01);
            assertThat(f.encode(-(1 + 0x1p-11 + 0x1p-40))).isEqualTo(0xBC01);
            assertThat(f.encode(1 + 0x1p-11 - 0x1p-40)).isEqualTo(0x3C00);
            assertThat(f.encode(0x1p-25 + 0x1p-60)).as("subnormal").isEqualTo(0x0001);
            assertThat(f.encode(1e-300)).isEqualTo(0x0000);
            assertThat(f.encode(-1e-300)).isEqualTo(0x8000);
            assertThat(f.encode(1e300)).isEqualTo(0x7C00);
        }

        @Test
        void everyMidpointRoundsToNearestEven() {
            assertMidpointsRoundCorrectly(f, 0x7BFF);
        }

        @Test
        void roundsSubnormalsToNearestEven() {
            assertThat(f.encode(0x1p-25)).as("half the smallest subnormal ties to zero").isEqualTo(0x0000);
            assertThat(f.encode(0x1p-25 + 0x1p-30)).isEqualTo(0x0001);
            assertThat(f.encode(3 * 0x1p-25)).as("1.5 ulp ties to 2").isEqualTo(0x0002);
            assertThat(f.encode(0x1p-30)).isEqualTo(0x0000);
            assertThat(f.encode(-0x1p-30)).isEqualTo(0x8000);
        }

        @Test
        void overflowsToInfinity() {
            assertThat(f.encode(70000)).isEqualTo(0x7C00);
            assertThat(f.encode(-70000)).isEqualTo(0xFC00);
            assertThat(f.encode(65519)).as("below the rounding boundary").isEqualTo(0x7BFF);
            assertThat(f.encode(65520)).as("rounds up past the largest finite value").isEqualTo(0x7C00);
        }

        @Test
        void encodesNaNAsNaN() {
            long word = f.encode(Double.NaN);
            assertThat(word & 0x7C00).isEqualTo(0x7C00);
            assertThat(word & 0x3FF).isNotZero();
        }
    }

    @Nested
    class BFloat16 {
        private final NumberFormat f = NumberFormat.BFLOAT16;

        @Test
        void knownWords() {
            assertThat(f.encode(1.0)).isEqualTo(0x3F80);
            assertThat(f.encode(-2.0)).isEqualTo(0xC000);
            assertThat(f.encode(1.5)).isEqualTo(0x3FC0);
            assertThat(f.decode(0x3F80)).isEqualTo(1.0);
            assertThat(f.decode(0x7F80)).isEqualTo(Double.POSITIVE_INFINITY);
        }

        @Test
        void msbFlips() {
            assertThat(flip(0x3F80, 14)).isEqualTo(0x7F80);
            assertThat(f.decode(flip(0x3F80, 14))).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(f.decode(flip(0x3FC0, 14))).isNaN();
        }

        @Test
        void roundsToNearestEven() {
            // bfloat16 keeps 7 mantissa bits: ulp of 1.0 is 2^-7
            assertThat(f.encode(1 + 0x1p-8)).isEqualTo(0x3F80);
            assertThat(f.encode(1 + 3 * 0x1p-8)).isEqualTo(0x3F82);
            assertThat(f.encode(1 + 0x1p-8 + 0x1p-20)).isEqualTo(0x3F81);
            assertThat(f.encode(Float.MAX_VALUE)).as("overflow").isEqualTo(0x7F80);
            assertThat(f.encode(1e300)).isEqualTo(0x7F80);
        }

        @Test
        void roundsADoubleOnceNotTwice() {
            // just above the midpoint of 0x3F80 and 0x3F81, by less than float precision
            assertThat(f.encode(1 + 0x1p-8 + 0x1p-40)).isEqualTo(0x3F81);
            assertThat(f.encode(1 + 0x1p-8 - 0x1p-40)).isEqualTo(0x3F80);
            assertThat(f.encode(-1e-300)).isEqualTo(0x8000);
        }

        @Test
        void everyMidpointRoundsToNearestEven() {
            assertMidpointsRoundCorrectly(f, 0x7F7F);
        }

        @Test
        void roundTripsEveryWordAndKeepsNaN() {
            for (long w = 0; w <= 0xFFFF; w++) {
                double value = f.decode(w);
                if (Double.isNaN(value)) {
                    assertThat(f.decode(f.encode(value))).as("NaN word 0x%04x", w).isNaN();
                } else {
                    assertThat(f.encode(value)).as("word 0x%04x (%s)", w, value).isEqualTo(w);
                }
            }
        }
    }

    @Test
    void rolesOfFloat32Bits() {
        NumberFormat f = NumberFormat.FLOAT32;
        assertThat(f.roleOf(31)).isEqualTo(BitRole.SIGN);
        for (int bit = 23; bit <= 30; bit++) {
            assertThat(f.roleOf(bit)).as("bit %d", bit).isEqualTo(BitRole.EXPONENT);
        }
        for (int bit = 0; bit <= 22; bit++) {
            assertThat(f.roleOf(bit)).as("bit %d", bit).isEqualTo(BitRole.MANTISSA);
        }
    }

    @Test
    void rolesOfHalfPrecisionBits() {
        assertThat(NumberFormat.FLOAT16.roleOf(15)).isEqualTo(BitRole.SIGN);
        assertThat(NumberFormat.FLOAT16.roleOf(10)).isEqualTo(BitRole.EXPONENT);
        assertThat(NumberFormat.FLOAT16.roleOf(9)).isEqualTo(BitRole.MANTISSA);
        assertThat(NumberFormat.BFLOAT16.roleOf(7)).isEqualTo(BitRole.EXPONENT);
        assertThat(NumberFormat.BFLOAT16.roleOf(6)).isEqualTo(BitRole.MANTISSA);
    }

    @Test
    void rolesOfInt8Bits() {
        NumberFormat f = NumberFormat.INT8;
        assertThat(f.roleOf(7)).isEqualTo(BitRole.SIGN);
        for (int bit = 0; bit <= 6; bit++) {
            assertThat(f.roleOf(bit)).as("bit %d", bit).isEqualTo(BitRole.MAGNITUDE);
        }
    }

    @Test
    void roleOfABitOutsideTheWordNamesTheValidRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> NumberFormat.FLOAT32.roleOf(32))
                .withMessageContaining("bit 32")
                .withMessageContaining("0 (LSB) to 31");
        assertThatIllegalArgumentException().isThrownBy(() -> NumberFormat.INT8.roleOf(-1))
                .withMessageContaining("0 (LSB) to 7");
    }

    @Test
    void mapsDjlDataTypesBothWays() {
        for (NumberFormat f : NumberFormat.values()) {
            assertThat(NumberFormat.of(f.dataType())).isEqualTo(f);
        }
        assertThat(NumberFormat.of(DataType.FLOAT32)).isEqualTo(NumberFormat.FLOAT32);
    }

    @Test
    void unsupportedDataTypeListsTheSupportedOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> NumberFormat.of(DataType.FLOAT64))
                .withMessageContaining("float64")
                .withMessageContaining("FLOAT32")
                .withMessageContaining("FLOAT16")
                .withMessageContaining("BFLOAT16")
                .withMessageContaining("INT8")
                .withMessageContaining("INT32");
    }
}
