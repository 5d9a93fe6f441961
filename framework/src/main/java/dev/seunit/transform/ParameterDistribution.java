package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import ai.djl.nn.Block;
import org.apiguardian.api.API;

import dev.seunit.fault.NumberFormat;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.model.ParameterKind;
import dev.seunit.stats.MagnitudeBucket;

/**
 * How a model's stored parameter values are distributed, as far as bit flips care: by magnitude
 * bucket ({@code 1 <= |x| < 2} is where a flip of the float32 MSB gives Inf or NaN), by binary exponent,
 * and the share of values one bit flip away from a non-finite value. Integer tensors (int8
 * weights, int32 biases) count with their stored integers; no flip makes them non-finite.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ParameterDistribution {

    private final long count;
    private final long zeros;
    private final long floatingPoint;
    private final long oneFlipFromNonFinite;
    private final EnumMap<MagnitudeBucket, Long> byMagnitude;
    private final TreeMap<Integer, Long> byExponent;

    private ParameterDistribution(long count, long zeros, long floatingPoint, long oneFlipFromNonFinite,
            EnumMap<MagnitudeBucket, Long> byMagnitude, TreeMap<Integer, Long> byExponent) {
        this.count = count;
        this.zeros = zeros;
        this.floatingPoint = floatingPoint;
        this.oneFlipFromNonFinite = oneFlipFromNonFinite;
        this.byMagnitude = byMagnitude;
        this.byExponent = byExponent;
    }

    /** Every injectable parameter of the model. */
    public static ParameterDistribution of(InjectableModel model) {
        return of(model, EnumSet.allOf(ParameterKind.class));
    }

    /** The parameters of the given kinds (e.g. only {@link ParameterKind#WEIGHT}). */
    public static ParameterDistribution of(InjectableModel model, Set<ParameterKind> kinds) {
        Builder b = new Builder();
        for (ParameterInfo p : model.parameters()) {
            if (kinds.contains(p.kind())) {
                b.add(p.format(), model.values(p));
            }
        }
        return b.build();
    }

    /** Every parameter of an initialized Java-built block. */
    public static ParameterDistribution of(Block block) {
        try (InjectableModel model = InjectableModel.of(block)) {
            return of(model);
        }
    }

    /** Values stored in {@code format}. */
    public static ParameterDistribution of(NumberFormat format, double... values) {
        Builder b = new Builder();
        b.add(format, values);
        return b.build();
    }

    public long count() {
        return count;
    }

    public long zeros() {
        return zeros;
    }

    /** The share of values that are exactly zero. */
    public double sparsity() {
        return share(zeros, count);
    }

    /** Counts per magnitude bucket (every bucket present, in bucket order). */
    public Map<MagnitudeBucket, Long> byMagnitude() {
        return Collections.unmodifiableMap(byMagnitude);
    }

    public long count(MagnitudeBucket bucket) {
        return byMagnitude.get(bucket);
    }

    public double share(MagnitudeBucket bucket) {
        return share(count(bucket), count);
    }

    /** The share of a bucket among the values that are not zero (what is left after unstructured pruning). */
    public double shareOfNonZero(MagnitudeBucket bucket) {
        long inBucket = count(bucket) - (bucket == MagnitudeBucket.BELOW_ONE ? zeros : 0);
        return share(inBucket, count - zeros);
    }

    /**
     * Counts of floating-point values by binary exponent {@code e}, {@code 2^e <= |x| < 2^(e+1)},
     * as {@link Math#getExponent(float)} gives it: -127 for zeros and subnormals, 128 for Inf and NaN.
     */
    public SortedMap<Integer, Long> byExponent() {
        return Collections.unmodifiableSortedMap(byExponent);
    }

    /** How many values are stored in a floating-point format (the ones {@link #byExponent} counts). */
    public long floatingPointCount() {
        return floatingPoint;
    }

    /**
     * Values whose exponent field has exactly one bit clear, so flipping that bit makes it all ones:
     * Inf or NaN. For float32 weights these are the values with {@code 1 <= |x| < 2} (field 0b01111111,
     * the MSB flip) and, in theory, huge values near the top of the range.
     */
    public long oneFlipFromNonFinite() {
        return oneFlipFromNonFinite;
    }

    public double shareOneFlipFromNonFinite() {
        return share(oneFlipFromNonFinite, count);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** A text histogram: one line per magnitude bucket, then one per exponent. */
    public String histogram() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d values, %d zero (%.1f%%), %.2f%% one flip from Inf/NaN%n", count, zeros,
                100 * sparsity(), 100 * shareOneFlipFromNonFinite()));
        for (MagnitudeBucket bucket : MagnitudeBucket.values()) {
            s.append(line(bucket.label(), count(bucket)));
        }
        for (Map.Entry<Integer, Long> e : byExponent.entrySet()) {
            String label = e.getKey() == -127 ? "zero/subnormal" : e.getKey() == 128 ? "Inf/NaN" : "2^" + e.getKey();
            s.append(line(label, e.getValue()));
        }
        return s.toString();
    }

    private String line(String label, long n) {
        int bar = count == 0 ? 0 : (int) Math.round(40.0 * n / count);
        return String.format(Locale.ROOT, "  %-15s %8d %6.2f%% %s%n", label, n, 100 * share(n, count), "#".repeat(bar));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d values: %.2f%% zero, %.2f%% |x|<1, %.2f%% 1<=|x|<2, %.2f%% |x|>=2, %.2f%% "
                + "one flip from Inf/NaN", count, 100 * sparsity(), 100 * share(MagnitudeBucket.BELOW_ONE),
                100 * share(MagnitudeBucket.ONE_TO_TWO), 100 * share(MagnitudeBucket.TWO_OR_MORE),
                100 * shareOneFlipFromNonFinite());
    }

    private static final class Builder {
        private long count;
        private long zeros;
        private long floatingPoint;
        private long oneFlip;
        private final EnumMap<MagnitudeBucket, Long> byMagnitude = new EnumMap<>(MagnitudeBucket.class);
        private final TreeMap<Integer, Long> byExponent = new TreeMap<>();

        Builder() {
            for (MagnitudeBucket bucket : MagnitudeBucket.values()) {
                byMagnitude.put(bucket, 0L);
            }
        }

        void add(NumberFormat format, double[] values) {
            int fieldMask = (1 << format.exponentBits()) - 1;
            for (double v : values) {
                count++;
                zeros += v == 0 ? 1 : 0;
                byMagnitude.merge(MagnitudeBucket.of(v), 1L, Long::sum);
                if (format.isFloatingPoint()) {
                    floatingPoint++;
                    byExponent.merge(Math.getExponent((float) v), 1L, Long::sum);
                    long field = (format.encode(v) >>> format.mantissaBits()) & fieldMask;
                    oneFlip += Long.bitCount(field) == format.exponentBits() - 1 ? 1 : 0;
                }
            }
        }

        ParameterDistribution build() {
            return new ParameterDistribution(count, zeros, floatingPoint, oneFlip, byMagnitude, byExponent);
        }
    }
}
