package dev.seunit.fault;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** What a fault does to a word: flip, clear or set the bits of a mask, or replace the word. */
@API(status = EXPERIMENTAL, since = "0.1")
public record Corruption(Operation operation, long mask, long value) {

    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Operation {
        FLIP, CLEAR, SET, REPLACE
    }

    public static Corruption flip(long mask) {
        return new Corruption(Operation.FLIP, mask, 0);
    }

    public static Corruption clear(long mask) {
        return new Corruption(Operation.CLEAR, mask, 0);
    }

    public static Corruption set(long mask) {
        return new Corruption(Operation.SET, mask, 0);
    }

    public static Corruption replace(long value, long wordMask) {
        return new Corruption(Operation.REPLACE, wordMask, value);
    }

    /** The corrupted word. */
    public long apply(long word) {
        switch (operation) {
            case FLIP:
                return word ^ mask;
            case CLEAR:
                return word & ~mask;
            case SET:
                return word | mask;
            case REPLACE:
                return value;
            default:
                throw new AssertionError(operation);
        }
    }

    /** The bit positions this corruption addresses, ascending. */
    public int[] bits() {
        int[] bits = new int[Long.bitCount(mask)];
        long m = mask;
        for (int i = 0; m != 0; i++) {
            bits[i] = Long.numberOfTrailingZeros(m);
            m &= m - 1;
        }
        return bits;
    }
}
