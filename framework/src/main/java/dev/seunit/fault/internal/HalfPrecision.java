package dev.seunit.fault.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** IEEE binary16 and bfloat16 conversions (Java 17 has neither in the JDK). */
@API(status = INTERNAL, since = "0.1")
public final class HalfPrecision {

    private HalfPrecision() {
    }

    public static float float16ToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            // Inf or NaN: keep the payload in the top mantissa bits
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: value = mantissa * 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Round-to-nearest-even conversion; NaN stays NaN, overflow becomes Inf. */
    public static short floatToFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            int payload = mantissa == 0 ? 0 : Math.max(1, mantissa >>> 13);
            return (short) (sign | 0x7c00 | payload);
        }
        int unbiased = exponent - 127;
        if (unbiased > 15) {
            return (short) (sign | 0x7c00);
        }
        if (unbiased >= -14) {
            int half = sign | ((unbiased + 15) << 10) | (mantissa >>> 13);
            int rest = mantissa & 0x1fff;
            if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
                half++; // may carry into the exponent, which is the correct rounding
            }
            return (short) half;
        }
        if (unbiased < -25) {
            return (short) sign;
        }
        // subnormal half: shift the implicit leading one in
        int full = mantissa | 0x800000;
        int shift = -unbiased - 14 + 13;
        int half = full >>> shift;
        int rest = full & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    /** Round-to-nearest-even conversion to the top 16 bits of a float32. */
    public static short floatToBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
