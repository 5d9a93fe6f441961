package dev.seunit.campaign.internal.checkpoint;

import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import dev.seunit.campaign.internal.Tiling;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.internal.LayerKinds;
import dev.seunit.model.internal.Tracer;

/**
 * Bounds of the network's output for every output of a call within a box around golden,
 * computed by running the model's own forward on stacked rows {@code [lower; upper]}: affine
 * layers (DJL convolutions, transposed convolutions, linear and batch norm layers, and
 * {@link dev.seunit.model.AffineBlock}s) map the centre with their weights and the radius with
 * {@code |weights|} and zero bias, widened by the float32 rounding error of their sums; monotone
 * layers ({@link LayerKinds#isMonotone}) map each bound; any other layer is {@link Uncertifiable}.
 * The glue between layers sees lower and upper rows as two inputs and is assumed to be monotone
 * (concatenation, addition, reshaping): {@link #contains} checks it on points of the box.
 */
final class IntervalBounds {

    /** A layer or output interval arithmetic does not cover. Carries no stack trace. */
    static final class Uncertifiable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Uncertifiable() {
            super(null, null, false, false);
        }
    }

    private final CheckpointContext context;
    private final InjectableModel model;
    private final NDList goldenInputs;
    private final NDList[] outputs;

    IntervalBounds(CheckpointContext context, InjectableModel model, NDList goldenInputs, NDList[] outputs) {
        this.context = context;
        this.model = model;
        this.goldenInputs = goldenInputs;
        this.outputs = outputs;
    }

    /** Lower and upper bounds of the model's output for the box of {@code radius} (per value) around call {@code at}'s output. */
    float[][] bounds(int at, NDArray radius) {
        NDList out = Tracer.forward(model, Tiling.tile(goldenInputs, 2), (call, layer, leaf, store, in) -> {
            if (call < at) {
                return Tiling.tile(outputs[call], 2);
            }
            if (call == at) {
                return new NDList(NDArrays.concat(box(at, leaf, store, radius), 0));
            }
            return interval(leaf, store, in);
        });
        NDArray y = out.singletonOrThrow();
        if (y.getDataType() != DataType.FLOAT32 || y.size() != 2L * context.golden.length) {
            throw new Uncertifiable();
        }
        long half = y.getShape().get(0) / 2;
        return new float[][] {y.get("0:" + half).toFloatArray(), y.get(half + ":").toFloatArray()};
    }

    /**
     * Whether the model's output at random points of the box of {@code radius} (and at its two
     * extreme corners) lies within the bounds computed for it: glue that is not monotone breaks
     * interval arithmetic and shows here.
     */
    boolean contains(int at, NDArray radius) {
        float[][] bounds = bounds(at, radius);
        int groups = 4;
        NDList out = Tracer.forward(model, Tiling.tile(goldenInputs, groups), (call, layer, leaf, store, in) -> {
            if (call < at) {
                return Tiling.tile(outputs[call], groups);
            }
            if (call == at) {
                NDList corners = box(at, leaf, store, radius);
                NDArray lower = corners.get(0);
                NDArray width = corners.get(1).sub(lower);
                Random random = new Random(at);
                NDList points = new NDList(corners);
                for (int p = 2; p < groups; p++) {
                    float[] noise = new float[(int) lower.size()];
                    for (int i = 0; i < noise.length; i++) {
                        noise[i] = random.nextFloat();
                    }
                    points.add(lower.add(lower.getManager().create(noise, lower.getShape()).mul(width)));
                }
                return new NDList(NDArrays.concat(points, 0));
            }
            return leaf.forward(store, in, false);
        });
        float[] values = out.singletonOrThrow().toFloatArray();
        int length = bounds[0].length;
        if (values.length != groups * length) {
            return false;
        }
        for (int p = 0; p < groups; p++) {
            for (int i = 0; i < length; i++) {
                float v = values[p * length + i];
                if (!(v >= bounds[0][i] - context.tolerance && v <= bounds[1][i] + context.tolerance)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The lower and upper corners of the box of {@code radius} (per value) around call
     * {@code at}'s output, cut to the range of its layer {@code leaf} when that is an activation:
     * a faulty run's value there is that activation's output too, so nothing outside its range
     * needs certifying (after a ReLU, half the values are 0 and move up only).
     */
    private NDList box(int at, Block leaf, ParameterStore store, NDArray radius) {
        NDArray g = outputs[at].head();
        NDArray lower = g.sub(radius);
        NDArray upper = g.add(radius);
        float[] range = context.ranges.computeIfAbsent(at, c -> range(leaf, store, g));
        if (range[0] > Float.NEGATIVE_INFINITY) {
            lower = lower.maximum(range[0]);
        }
        if (range[1] < Float.POSITIVE_INFINITY) {
            upper = upper.minimum(range[1]);
        }
        return new NDList(lower, upper);
    }

    /**
     * The smallest and largest value an activation layer gives for any input (its outputs for
     * inputs of -Inf and +Inf: activations are non-decreasing); no bounds for other layers.
     */
    static float[] range(Block leaf, ParameterStore store, NDArray like) {
        float[] none = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        if (!LayerKinds.isActivation(leaf)) {
            return none;
        }
        try {
            float low = leaf.forward(store, new NDList(like.zerosLike().sub(Float.POSITIVE_INFINITY)), false)
                    .singletonOrThrow().min().getFloat();
            float high = leaf.forward(store, new NDList(like.zerosLike().add(Float.POSITIVE_INFINITY)), false)
                    .singletonOrThrow().max().getFloat();
            return low <= high ? new float[] {low, high} : none; // false for NaN
        } catch (RuntimeException e) {
            return none;
        }
    }

    /** {@code leaf} on stacked {@code [lower; upper]} rows. */
    private NDList interval(Block leaf, ParameterStore store, NDList in) {
        if (in.size() != 1) {
            throw new Uncertifiable();
        }
        NDArray x = in.head();
        if (LayerKinds.isAffine(leaf)) {
            long half = x.getShape().get(0) / 2;
            NDArray lower = x.get("0:" + half);
            NDArray upper = x.get(half + ":");
            NDArray centre = lower.add(upper).div(2);
            NDArray radius = upper.sub(lower).div(2);
            NDArray c = leaf.forward(store, new NDList(centre), false).singletonOrThrow();
            // the rounding of the sums, with |x| <= |centre| + radius
            NDArray spread = radius.add(centre.abs().add(radius).mul(IntervalMath.roundingFactor(sumLength(leaf))));
            NDArray r = leaf.forward(absoluteStore(), new NDList(spread), false).singletonOrThrow();
            r = r.add(c.abs().mul((float) (2 * IntervalMath.UNIT)));
            return new NDList(NDArrays.concat(new NDList(c.sub(r), c.add(r)), 0));
        }
        if (LayerKinds.isMonotone(leaf)) {
            return leaf.forward(store, in, false);
        }
        throw new Uncertifiable();
    }

    private ParameterStore absoluteStore() {
        return new ParameterStore(goldenInputs.head().getManager(), false) {
            @Override
            public NDArray getValue(Parameter parameter, Device device, boolean training) {
                return absolute(parameter);
            }
        };
    }

    /** The parameter as the radius uses it: |weight|, |gamma|, the running variance, zero otherwise. */
    private NDArray absolute(Parameter parameter) {
        return context.absolute.computeIfAbsent(parameter, p -> {
            NDArray value = p.getArray();
            NDArray a = switch (p.getType()) {
                case WEIGHT, GAMMA -> value.abs();
                case RUNNING_VAR -> value.duplicate();
                case BIAS, BETA, RUNNING_MEAN -> value.zerosLike();
                default -> throw new Uncertifiable();
            };
            a.attach(context.keep);
            return a;
        });
    }

    /**
     * An upper bound of how many products one output value of an affine layer sums: the weight's
     * size over the smaller of its first two dimensions (input channels x kernel for a convolution,
     * whichever way round it stores them); a few operations for a batch norm.
     */
    private static long sumLength(Block leaf) {
        long longest = 4;
        for (ai.djl.util.Pair<String, Parameter> p : leaf.getParameters()) {
            NDArray w = p.getValue().getArray();
            if (p.getValue().getType() == Parameter.Type.WEIGHT && w != null && w.getShape().dimension() >= 2) {
                long[] dims = w.getShape().getShape();
                longest = Math.max(longest, w.size() / Math.max(1, Math.min(dims[0], dims[1])));
            }
        }
        return longest;
    }
}
