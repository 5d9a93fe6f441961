package dev.seunit.fault;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.SplittableRandom;

import org.apiguardian.api.API;

/**
 * How a fault corrupts one stored word. Every model is applied for one inference and then
 * undone (transient), including stuck-at, which models a cell stuck during that inference.
 */
@API(status = MAINTAINED, since = "0.1")
public sealed interface FaultModel extends java.io.Serializable
        permits FaultModel.BitFlip, FaultModel.MultiBitUpset, FaultModel.StuckAt, FaultModel.RandomValue {

    /** A single event upset: one bit inverted. */
    static FaultModel bitFlip() {
        return BitFlip.INSTANCE;
    }

    /** A multi-bit upset of {@code k} adjacent bits whose lowest bit is one of the selected bits. */
    static FaultModel adjacentBits(int k) {
        return new MultiBitUpset(k, true);
    }

    /** A multi-bit upset of {@code k} distinct bits drawn from the selected bits. */
    static FaultModel randomBits(int k) {
        return new MultiBitUpset(k, false);
    }

    static FaultModel stuckAt0() {
        return new StuckAt(0);
    }

    static FaultModel stuckAt1() {
        return new StuckAt(1);
    }

    /** The whole word replaced by a uniformly random word. */
    static FaultModel randomValue() {
        return RandomValue.INSTANCE;
    }

    /** The fault models by name, for annotations and configuration. */
    @API(status = MAINTAINED, since = "0.1")
    enum Kind {
        BIT_FLIP, ADJACENT_BITS, RANDOM_BITS, STUCK_AT_0, STUCK_AT_1, RANDOM_VALUE;

        /** This model; {@code bitsPerUpset} is read by the multi-bit upsets only. */
        public FaultModel model(int bitsPerUpset) {
            switch (this) {
                case BIT_FLIP:
                    return bitFlip();
                case ADJACENT_BITS:
                    return adjacentBits(bitsPerUpset);
                case RANDOM_BITS:
                    return randomBits(bitsPerUpset);
                case STUCK_AT_0:
                    return stuckAt0();
                case STUCK_AT_1:
                    return stuckAt1();
                default:
                    return randomValue();
            }
        }
    }

    /** The number of distinct corruptions of one word under the selected bits. */
    long choices(int[] bits, NumberFormat format);

    /**
     * The corruption numbered {@code choice} (0 &lt;= choice &lt; {@link #choices}); models with
     * a random part draw it from {@code random}.
     */
    Corruption corruption(long choice, int[] bits, NumberFormat format, SplittableRandom random);

    /** Single bit flip. */
    @API(status = MAINTAINED, since = "0.1")
    enum BitFlip implements FaultModel {
        INSTANCE;

        @Override
        public long choices(int[] bits, NumberFormat format) {
            return bits.length;
        }

        @Override
        public Corruption corruption(long choice, int[] bits, NumberFormat format, SplittableRandom random) {
            return Corruption.flip(1L << bits[(int) choice]);
        }

        @Override
        public String toString() {
            return "bit flip";
        }
    }

    /** k bits of one word inverted together, adjacent or drawn at random from the selection. */
    @API(status = MAINTAINED, since = "0.1")
    record MultiBitUpset(int k, boolean adjacent) implements FaultModel {

        public MultiBitUpset {
            if (k < 2) {
                throw new IllegalArgumentException("a multi-bit upset flips at least 2 bits; got k=" + k
                        + " (use bitFlip() for one bit)");
            }
        }

        @Override
        public long choices(int[] bits, NumberFormat format) {
            if (adjacent) {
                long windows = 0;
                for (int bit : bits) {
                    if (bit + k <= format.bitWidth()) {
                        windows++;
                    }
                }
                return windows;
            }
            return binomial(bits.length, k);
        }

        @Override
        public Corruption corruption(long choice, int[] bits, NumberFormat format, SplittableRandom random) {
            if (adjacent) {
                long seen = 0;
                for (int bit : bits) {
                    if (bit + k <= format.bitWidth() && seen++ == choice) {
                        return Corruption.flip(((1L << k) - 1) << bit);
                    }
                }
                throw new IllegalArgumentException("choice " + choice + " out of range");
            }
            return Corruption.flip(unrankCombination(choice, bits, k));
        }

        @Override
        public String toString() {
            return k + (adjacent ? " adjacent" : " random") + " bits flipped";
        }

        static long binomial(int n, int k) {
            if (k > n) {
                return 0;
            }
            long result = 1;
            for (int i = 1; i <= k; i++) {
                result = result * (n - k + i) / i;
            }
            return result;
        }

        /** The combination of rank {@code rank} in lexicographic order, as a bit mask. */
        private static long unrankCombination(long rank, int[] bits, int k) {
            long mask = 0;
            int start = 0;
            for (int remaining = k; remaining > 0; remaining--) {
                for (int i = start; i < bits.length; i++) {
                    long withThis = binomial(bits.length - i - 1, remaining - 1);
                    if (rank < withThis) {
                        mask |= 1L << bits[i];
                        start = i + 1;
                        break;
                    }
                    rank -= withThis;
                }
            }
            return mask;
        }
    }

    /** One selected bit forced to 0 or 1. */
    @API(status = MAINTAINED, since = "0.1")
    record StuckAt(int value) implements FaultModel {

        public StuckAt {
            if (value != 0 && value != 1) {
                throw new IllegalArgumentException("stuck-at value must be 0 or 1; got " + value);
            }
        }

        @Override
        public long choices(int[] bits, NumberFormat format) {
            return bits.length;
        }

        @Override
        public Corruption corruption(long choice, int[] bits, NumberFormat format, SplittableRandom random) {
            long mask = 1L << bits[(int) choice];
            return value == 0 ? Corruption.clear(mask) : Corruption.set(mask);
        }

        @Override
        public String toString() {
            return "stuck-at-" + value;
        }
    }

    /** The word replaced by a random word; the bit selection does not apply. */
    @API(status = MAINTAINED, since = "0.1")
    enum RandomValue implements FaultModel {
        INSTANCE;

        @Override
        public long choices(int[] bits, NumberFormat format) {
            return 1;
        }

        @Override
        public Corruption corruption(long choice, int[] bits, NumberFormat format, SplittableRandom random) {
            return Corruption.replace(random.nextLong() & format.wordMask(), format.wordMask());
        }

        @Override
        public String toString() {
            return "random value";
        }
    }
}
