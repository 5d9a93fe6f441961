package dev.seunit.fault;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.types.DataType;
import org.apiguardian.api.API;

import dev.seunit.fault.internal.HalfPrecision;

/**
 * The binary format of one stored word. Bit 0 is the least significant bit; the sign bit is
 * the top bit. For IEEE formats {@link #msb()} is the top exponent bit (bit 30 of float32),
 * for two's-complement integers it is the top bit (bit 7 of int8).
 */
@API(status = STABLE, since = "0.1")
public enum NumberFormat {
    FLOAT32(32, 8, 23),
    FLOAT16(16, 5, 10),
    BFLOAT16(16, 8, 7),
    INT8(8, 0, 0),
    INT32(32, 0, 0);

    private final int bitWidth;
    private final int exponentBits;
    private final int mantissaBits;

    NumberFormat(int bitWidth, int exponentBits, int mantissaBits) {
        this.bitWidth = bitWidth;
        this.exponentBits = exponentBits;
        this.mantissaBits = mantissaBits;
    }

    public int bitWidth() {
        return bitWidth;
    }

    public int byteWidth() {
        return bitWidth / 8;
    }

    public boolean isFloatingPoint() {
        return exponentBits > 0;
    }

    public int exponentBits() {
        return exponentBits;
    }

    public int mantissaBits() {
        return mantissaBits;
    }

    public int signBit() {
        return bitWidth - 1;
    }

    /** The most significant magnitude bit: top exponent bit for IEEE formats, top bit for integers. */
    public int msb() {
        return isFloatingPoint() ? bitWidth - 2 : bitWidth - 1;
    }

    /** All bits of a word set; words are kept in the low bits of a {@code long}. */
    public long wordMask() {
        return bitWidth == 64 ? -1L : (1L << bitWidth) - 1;
    }

    /** The numeric value a word of this format stands for. */
    public double decode(long word) {
        int w = (int) (word & wordMask());
        switch (this) {
            case FLOAT32:
                return Float.intBitsToFloat(w);
            case FLOAT16:
                return HalfPrecision.float16ToFloat((short) w);
            case BFLOAT16:
                return Float.intBitsToFloat(w << 16);
            case INT8:
                return (byte) w;
            case INT32:
                return w;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * The word that stores {@code value} (rounded to nearest for the narrow float formats,
     * saturated for integers).
     */
    public long encode(double value) {
        switch (this) {
            case FLOAT32:
                return Float.floatToRawIntBits((float) value) & wordMask();
            case FLOAT16:
                return HalfPrecision.floatToFloat16(toFloatRoundingToOdd(value)) & wordMask();
            case BFLOAT16:
                return HalfPrecision.floatToBfloat16(toFloatRoundingToOdd(value)) & wordMask();
            case INT8:
                return ((long) Math.max(-128, Math.min(127, Math.round(value)))) & wordMask();
            case INT32:
                return ((long) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(value))))
                        & wordMask();
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * {@code value} narrowed to float32 with rounding to odd: an inexact result gets an odd last
     * mantissa bit, which remembers that bits were dropped. A second rounding to nearest into a
     * format at least two bits narrower (float16, bfloat16) is then the correct rounding of
     * {@code value}; a plain {@code (float)} cast would round twice and can turn a value just
     * above a midpoint into a tie.
     */
    private static float toFloatRoundingToOdd(double value) {
        float nearest = (float) value;
        if (nearest != value && !Double.isNaN(value) && (Float.floatToRawIntBits(nearest) & 1) == 0) {
            return Math.nextAfter(nearest, value);
        }
        return nearest;
    }

    /** What one bit of a word of this format stores. */
    public BitRole roleOf(int bit) {
        checkBit(bit);
        if (bit == signBit()) {
            return BitRole.SIGN;
        }
        if (!isFloatingPoint()) {
            return BitRole.MAGNITUDE;
        }
        return bit >= mantissaBits ? BitRole.EXPONENT : BitRole.MANTISSA;
    }

    void checkBit(int bit) {
        if (bit < 0 || bit >= bitWidth) {
            throw new IllegalArgumentException("bit " + bit + " does not exist in " + this + ": valid bits are 0 (LSB) to "
                    + (bitWidth - 1) + " (sign)");
        }
    }

    /** The format DJL stores a tensor of this data type in. */
    public static NumberFormat of(DataType dataType) {
        switch (dataType) {
            case FLOAT32:
                return FLOAT32;
            case FLOAT16:
                return FLOAT16;
            case BFLOAT16:
                return BFLOAT16;
            case INT8:
                return INT8;
            case INT32:
                return INT32;
            default:
                throw new IllegalArgumentException("SEUnit cannot inject faults into tensors of type " + dataType
                        + "; supported are FLOAT32, FLOAT16, BFLOAT16, INT8 and INT32");
        }
    }

    /** The DJL data type that stores words of this format. */
    public DataType dataType() {
        return DataType.valueOf(name());
    }
}
