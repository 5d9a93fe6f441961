package dev.seunit.fault;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apiguardian.api.API;

/**
 * Which bits of a word a fault may touch: a named class ({@link #SIGN}, {@link #MSB},
 * {@link #EXPONENT}, {@link #MANTISSA}, {@link #ALL}) resolved against a {@link NumberFormat},
 * or an explicit list of bit positions (bit 0 = LSB).
 */
@API(status = MAINTAINED, since = "0.1")
public final class BitSelection implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The named classes of bits; {@link #EXPLICIT} means a list of positions. */
    @API(status = MAINTAINED, since = "0.1")
    public enum Kind {
        SIGN, MSB, EXPONENT, MANTISSA, ALL, EXPLICIT
    }

    public static final BitSelection SIGN = new BitSelection(Kind.SIGN, new int[0]);
    public static final BitSelection MSB = new BitSelection(Kind.MSB, new int[0]);
    public static final BitSelection EXPONENT = new BitSelection(Kind.EXPONENT, new int[0]);
    public static final BitSelection MANTISSA = new BitSelection(Kind.MANTISSA, new int[0]);
    public static final BitSelection ALL = new BitSelection(Kind.ALL, new int[0]);

    private final Kind kind;
    private final int[] explicitBits;

    private BitSelection(Kind kind, int[] explicitBits) {
        this.kind = kind;
        this.explicitBits = explicitBits;
    }

    /** Explicit bit positions, bit 0 being the least significant. */
    public static BitSelection of(int... bits) {
        if (bits.length == 0) {
            throw new IllegalArgumentException("an explicit bit selection needs at least one bit position (0 = LSB)");
        }
        int[] sorted = IntStream.of(bits).sorted().distinct().toArray();
        if (sorted[0] < 0) {
            throw new IllegalArgumentException("bit positions count from 0 (the LSB); got " + sorted[0]);
        }
        return new BitSelection(Kind.EXPLICIT, sorted);
    }

    /** One of the named classes. */
    public static BitSelection of(Kind kind) {
        switch (kind) {
            case SIGN:
                return SIGN;
            case MSB:
                return MSB;
            case EXPONENT:
                return EXPONENT;
            case MANTISSA:
                return MANTISSA;
            case ALL:
                return ALL;
            default:
                throw new IllegalArgumentException("EXPLICIT needs bit positions: use BitSelection.of(int...)");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The bit positions of this selection in {@code format}, ascending. */
    public int[] resolve(NumberFormat format) {
        switch (kind) {
            case SIGN:
                return new int[] {format.signBit()};
            case MSB:
                return new int[] {format.msb()};
            case EXPONENT:
                requireFloat(format);
                return IntStream.range(format.mantissaBits(), format.signBit()).toArray();
            case MANTISSA:
                requireFloat(format);
                return IntStream.range(0, format.mantissaBits()).toArray();
            case ALL:
                return IntStream.range(0, format.bitWidth()).toArray();
            case EXPLICIT:
                for (int bit : explicitBits) {
                    format.checkBit(bit);
                }
                return explicitBits.clone();
            default:
                throw new AssertionError(kind);
        }
    }

    private void requireFloat(NumberFormat format) {
        if (!format.isFloatingPoint()) {
            throw new IllegalArgumentException(format + " has no " + kind.name().toLowerCase()
                    + " bits; use ALL, SIGN, MSB or explicit bit positions for integer formats");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitSelection && ((BitSelection) o).kind == kind
                && Arrays.equals(((BitSelection) o).explicitBits, explicitBits);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(explicitBits);
    }

    @Override
    public String toString() {
        return kind == Kind.EXPLICIT ? "bits" + Arrays.toString(explicitBits) : kind.name();
    }
}
