package dev.seunit.campaign.internal.replay;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * The output of a conv (1d/2d) or linear layer with one weight or bias element changed,
 * computed from the golden output instead of running the layer: only one output channel moves,
 * by {@code (new - old) * x} over the matching input slice (weights) or by {@code new - old}
 * (biases), in float32 arithmetic. The real layer sums the products in its own order, so the
 * result can differ from it in the last bit; callers use it only for finite faulty values
 * (the layer runs for Inf and NaN, whose products with the zero padding a delta cannot see).
 */
final class LayerDelta {

    private enum Kind { CONV1D, CONV2D, LINEAR }

    private final Kind kind;
    private final boolean bias;
    private final Shape weightShape;
    private final Shape inShape;
    private final Shape outShape;
    private final long[] stride;
    private final long[] padding;
    private final long[] dilation;
    private final int groups;

    private LayerDelta(Kind kind, boolean bias, Shape weightShape, Shape inShape, Shape outShape, long[] stride,
            long[] padding, long[] dilation, int groups) {
        this.kind = kind;
        this.bias = bias;
        this.weightShape = weightShape;
        this.inShape = inShape;
        this.outShape = outShape;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
    }

    /**
     * A delta for parameter {@code localName} ("weight" or "bias") of {@code block}, or null when
     * the layer or its shapes are not a configuration this class computes.
     */
    static LayerDelta of(Block block, String localName, Shape parameterShape, Shape inShape, Shape outShape) {
        boolean bias = localName.equals("bias");
        if (!bias && !localName.equals("weight")) {
            return null;
        }
        if (block.getClass() == Linear.class) {
            if (inShape.dimension() != 2 || outShape.dimension() != 2 || inShape.get(0) != outShape.get(0)
                    || !bias && (parameterShape.dimension() != 2 || parameterShape.get(0) != outShape.get(1)
                            || parameterShape.get(1) != inShape.get(1))) {
                return null;
            }
            return new LayerDelta(Kind.LINEAR, bias, parameterShape, inShape, outShape, null, null, null, 1);
        }
        Kind kind = block.getClass() == Conv2d.class ? Kind.CONV2D : block.getClass() == Conv1d.class ? Kind.CONV1D : null;
        if (kind == null) {
            return null;
        }
        Convolution conv = (Convolution) block;
        int spatial = kind == Kind.CONV2D ? 2 : 1;
        if (inShape.dimension() != spatial + 2 || outShape.dimension() != spatial + 2 || inShape.get(0) != outShape.get(0)
                || !bias && parameterShape.dimension() != spatial + 2) {
            return null;
        }
        long[] stride = dims(conv.getStride(), spatial);
        long[] padding = dims(conv.getPadding(), spatial);
        long[] dilation = dims(conv.getDilation(), spatial);
        int groups = conv.getGroups();
        if (stride == null || padding == null || dilation == null || groups < 1 || outShape.get(1) % groups != 0
                || inShape.get(1) % groups != 0
                || !bias && (parameterShape.get(0) != outShape.get(1) || parameterShape.get(1) != inShape.get(1) / groups)) {
            return null;
        }
        return new LayerDelta(kind, bias, parameterShape, inShape, outShape, stride, padding, dilation, groups);
    }

    private static long[] dims(Shape shape, int spatial) {
        if (shape == null || shape.dimension() != spatial) {
            return null;
        }
        long[] d = shape.getShape();
        for (long v : d) {
            if (v < 0) {
                return null;
            }
        }
        return d;
    }

    /**
     * Adds the change of parameter element {@code flatIndex} from {@code oldValue} to
     * {@code newValue} to {@code out}, the float32 bits of a copy of the golden output;
     * {@code in} holds the golden input values. Returns the smallest change, in units in the last
     * place, of an output value the delta touches (a non-zero product): 0 when it rounded away
     * somewhere, {@code Long.MAX_VALUE} when it touches nothing.
     */
    long apply(int[] out, float[] in, long flatIndex, float oldValue, float newValue) {
        float d = newValue - oldValue;
        long minUlps = Long.MAX_VALUE;
        long n = outShape.get(0);
        long channels = outShape.get(1);
        long plane = outShape.size() / (n * channels);
        if (bias) {
            for (long s = 0; s < n; s++) {
                int base = (int) ((s * channels + flatIndex) * plane);
                for (int k = 0; k < plane; k++) {
                    minUlps = Math.min(minUlps, set(out, base + k, d));
                }
            }
            return minUlps;
        }
        switch (kind) {
            case LINEAR -> {
                long inputs = inShape.get(1);
                long o = flatIndex / inputs;
                long c = flatIndex % inputs;
                for (long s = 0; s < n; s++) {
                    int at = (int) (s * channels + o);
                    minUlps = Math.min(minUlps, set(out, at, d * in[(int) (s * inputs + c)]));
                }
            }
            case CONV1D -> {
                long k = weightShape.get(2);
                long o = flatIndex / (weightShape.get(1) * k);
                long c = flatIndex / k % weightShape.get(1);
                long kx = flatIndex % k;
                long cin = o / (channels / groups) * weightShape.get(1) + c;
                long width = inShape.get(2);
                long outWidth = outShape.get(2);
                for (long s = 0; s < n; s++) {
                    int inBase = (int) ((s * inShape.get(1) + cin) * width);
                    int outBase = (int) ((s * channels + o) * outWidth);
                    for (long j = 0; j < outWidth; j++) {
                        long x = j * stride[0] + kx * dilation[0] - padding[0];
                        if (x >= 0 && x < width) {
                            int at = outBase + (int) j;
                            minUlps = Math.min(minUlps, set(out, at, d * in[inBase + (int) x]));
                        }
                    }
                }
            }
            case CONV2D -> {
                long kh = weightShape.get(2);
                long kw = weightShape.get(3);
                long perOut = weightShape.get(1) * kh * kw;
                long o = flatIndex / perOut;
                long rest = flatIndex % perOut;
                long c = rest / (kh * kw);
                long ky = rest / kw % kh;
                long kx = rest % kw;
                long cin = o / (channels / groups) * weightShape.get(1) + c;
                long height = inShape.get(2);
                long width = inShape.get(3);
                long outHeight = outShape.get(2);
                long outWidth = outShape.get(3);
                for (long s = 0; s < n; s++) {
                    long inBase = (s * inShape.get(1) + cin) * height * width;
                    long outBase = (s * channels + o) * outHeight * outWidth;
                    for (long i = 0; i < outHeight; i++) {
                        long y = i * stride[0] + ky * dilation[0] - padding[0];
                        if (y < 0 || y >= height) {
                            continue;
                        }
                        for (long j = 0; j < outWidth; j++) {
                            long x = j * stride[1] + kx * dilation[1] - padding[1];
                            if (x >= 0 && x < width) {
                                int at = (int) (outBase + i * outWidth + j);
                                minUlps = Math.min(minUlps, set(out, at, d * in[(int) (inBase + y * width + x)]));
                            }
                        }
                    }
                }
            }
            default -> throw new AssertionError(kind);
        }
        return minUlps;
    }

    /** The output channel that parameter element {@code flatIndex} feeds (its only one). */
    long channel(long flatIndex) {
        return bias ? flatIndex : flatIndex / (weightShape.size() / weightShape.get(0));
    }

    /** Copies output channel {@link #channel(long) channel(flatIndex)} of every sample from {@code from} into {@code to}. */
    void copyChannel(int[] from, int[] to, long flatIndex) {
        long n = outShape.get(0);
        long channels = outShape.get(1);
        int plane = (int) (outShape.size() / (n * channels));
        long o = channel(flatIndex);
        for (long s = 0; s < n; s++) {
            int base = (int) ((s * channels + o) * plane);
            System.arraycopy(from, base, to, base, plane);
        }
    }

    /**
     * Adds {@code product} to the value at {@code at}; returns how many ulps it moved
     * ({@code Long.MAX_VALUE} for a zero product, across a sign or to a non-finite value).
     */
    private static long set(int[] out, int at, float product) {
        if (product == 0) {
            return Long.MAX_VALUE;
        }
        int old = out[at];
        float value = Float.intBitsToFloat(old) + product;
        int now = Float.floatToRawIntBits(value);
        out[at] = now;
        if (old == now) {
            return 0;
        }
        if ((old ^ now) < 0 || !Float.isFinite(value)) {
            return Long.MAX_VALUE;
        }
        return Math.abs((long) now - old);
    }
}
