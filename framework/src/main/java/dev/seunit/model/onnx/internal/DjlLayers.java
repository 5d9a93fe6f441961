package dev.seunit.model.onnx.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * Nodes that become DJL's own blocks (Conv1d/2d/3d, BatchNorm, Linear, pooling), which SEUnit's
 * engine and transformations recognise by type, and ConvTranspose. Pads that differ between
 * the two sides of an axis become a padding layer of their own ({@code <node>:pad}) before the
 * convolution or pooling.
 */
final class DjlLayers {

    private DjlLayers() {
    }

    /** What a layer factory sees of a node: attributes, constant inputs, shapes of the runtime ones. */
    interface Context {
        OnnxProto.Node node();

        boolean has(int slot);

        /** The constant at {@code slot}, or null when it is computed at run time. */
        NDArray constant(int slot);

        Shape shape(int slot);
    }

    /** Where a layer parameter's values come from: a constant input, reshaped or transposed as the block stores it. */
    record Source(int slot, UnaryOperator<NDArray> transform) {
        static Source of(int slot) {
            return new Source(slot, a -> a);
        }
    }

    /** One layer of a node, with its parameters' sources by DJL parameter name. */
    record Piece(String suffix, Block block, Map<String, Source> parameters) {
    }

    private static NDArray requireConstant(Context c, int slot, String what) {
        NDArray a = c.constant(slot);
        if (a == null) {
            throw Nodes.unsupported(c.node(), "a " + what + " computed at run time",
                    "SEUnit imports weights stored in the file (initializers or constants)");
        }
        return a;
    }

    /** A convolution's weight (input 1) and optional bias (input 2), both constants. */
    private static Map<String, Source> weightAndBias(Context c) {
        Map<String, Source> parameters = new LinkedHashMap<>();
        parameters.put("weight", Source.of(1));
        if (c.has(2)) {
            requireConstant(c, 2, "bias");
            parameters.put("bias", Source.of(2));
        }
        return parameters;
    }

    /** Conv: DJL Conv1d/2d/3d with stride, dilation, groups and symmetric padding. */
    static List<Piece> conv(Context c) {
        OnnxProto.Node node = c.node();
        NDArray w = requireConstant(c, 1, "weight");
        int spatial = w.getShape().dimension() - 2;
        if (spatial < 1 || spatial > 3) {
            throw Nodes.unsupported(node, spatial + "-d convolution", "SEUnit imports 1-d, 2-d and 3-d convolutions");
        }
        long[] kernel = w.getShape().slice(2).getShape();
        long[] strides = Nodes.ints(node, "strides", 1, spatial);
        long[] dilations = Nodes.ints(node, "dilations", 1, spatial);
        long[][] pads = pads(node, c.shape(0), kernel, strides, dilations);
        int groups = (int) Nodes.attr(node, "group", 1L);
        List<Piece> pieces = new ArrayList<>();
        long[] symmetric = symmetricOrZero(pads, pieces, 0.0);
        int filters = (int) w.getShape().get(0);
        boolean bias = c.has(2);
        Block conv = switch (spatial) {
            case 1 -> configure(Conv1d.builder(), kernel, strides, symmetric, dilations, filters, groups, bias).build();
            case 2 -> configure(Conv2d.builder(), kernel, strides, symmetric, dilations, filters, groups, bias).build();
            default -> configure(Conv3d.builder(), kernel, strides, symmetric, dilations, filters, groups, bias).build();
        };
        pieces.add(new Piece("", conv, weightAndBias(c)));
        return pieces;
    }

    private static <B extends Convolution.ConvolutionBuilder<B>> B configure(B builder, long[] kernel, long[] strides,
            long[] padding, long[] dilations, int filters, int groups, boolean bias) {
        return builder.setKernelShape(new Shape(kernel)).optStride(new Shape(strides)).optPadding(new Shape(padding))
                .optDilation(new Shape(dilations)).setFilters(filters).optGroups(groups).optBias(bias);
    }

    /**
     * The pads as ONNX gives them or auto_pad asks: {begin[], end[]} per spatial axis of an
     * input of shape {@code in} (N, C, spatial...).
     */
    static long[][] pads(OnnxProto.Node node, Shape in, long[] kernel, long[] strides, long[] dilations) {
        int spatial = kernel.length;
        String auto = Nodes.attr(node, "auto_pad", "NOTSET");
        long[] begin = new long[spatial];
        long[] end = new long[spatial];
        if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
            for (int i = 0; i < spatial; i++) {
                long size = in.get(2 + i);
                long out = (size + strides[i] - 1) / strides[i];
                long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - size);
                long small = total / 2;
                begin[i] = auto.equals("SAME_UPPER") ? small : total - small;
                end[i] = total - begin[i];
            }
        } else if (auto.equals("NOTSET")) {
            long[] p = Nodes.ints(node, "pads", 0, 2 * spatial);
            begin = Arrays.copyOfRange(p, 0, spatial);
            end = Arrays.copyOfRange(p, spatial, 2 * spatial);
        }
        return new long[][] {begin, end};
    }

    /** The padding a DJL layer can take; when the sides differ, a padding layer (filled with {@code fill}) goes first. */
    private static long[] symmetricOrZero(long[][] pads, List<Piece> pieces, double fill) {
        if (Arrays.equals(pads[0], pads[1])) {
            return pads[0];
        }
        long[] begin = pads[0];
        long[] end = pads[1];
        pieces.add(new Piece(":pad", new LambdaBlock(in -> {
            NDArray x = in.singletonOrThrow();
            int rank = x.getShape().dimension();
            long[] b = new long[rank];
            long[] e = new long[rank];
            System.arraycopy(begin, 0, b, 2, begin.length);
            System.arraycopy(end, 0, e, 2, end.length);
            return new NDList(ResizeAndPad.pad(x, b, e, "constant", fill, null));
        }, "pad"), Map.of()));
        return new long[begin.length];
    }

    static List<Piece> convTranspose(Context c) {
        OnnxProto.Node node = c.node();
        NDArray w = requireConstant(c, 1, "weight");
        int spatial = w.getShape().dimension() - 2;
        if (spatial < 1 || spatial > 2) {
            throw Nodes.unsupported(node, spatial + "-d transposed convolution", "SEUnit imports 1-d and 2-d ones");
        }
        int groups = (int) Nodes.attr(node, "group", 1L);
        long[] kernel = w.getShape().slice(2).getShape();
        long[] strides = Nodes.ints(node, "strides", 1, spatial);
        long[] dilations = Nodes.ints(node, "dilations", 1, spatial);
        long[] outputPadding = Nodes.ints(node, "output_padding", 0, spatial);
        long[] outputShape = Nodes.ints(node, "output_shape");
        String auto = Nodes.attr(node, "auto_pad", "NOTSET");
        long[] begin = new long[spatial];
        long[] end = new long[spatial];
        if (outputShape != null || auto.startsWith("SAME")) {
            for (int i = 0; i < spatial; i++) {
                long size = c.shape(0).get(2 + i);
                long target = outputShape != null ? outputShape[outputShape.length - spatial + i] : size * strides[i];
                long total = strides[i] * (size - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1 - target;
                boolean upper = !auto.equals("SAME_LOWER");
                begin[i] = upper ? total / 2 : total - total / 2;
                end[i] = total - begin[i];
            }
        } else if (auto.equals("NOTSET")) {
            long[] p = Nodes.ints(node, "pads", 0, 2 * spatial);
            begin = Arrays.copyOfRange(p, 0, spatial);
            end = Arrays.copyOfRange(p, spatial, 2 * spatial);
        }
        int filters = (int) (w.getShape().get(1) * groups);
        return List.of(new Piece("", new ConvTranspose(filters, kernel, strides, dilations, begin, end, outputPadding,
                groups, c.has(2)), weightAndBias(c)));
    }

    static List<Piece> batchNorm(Context c) {
        OnnxProto.Node node = c.node();
        if (Nodes.attr(node, "training_mode", 0L) != 0 || node.outputs().size() > 1) {
            throw Nodes.unsupported(node, "batch normalization in training mode",
                    "export the model in eval mode (model.eval() before torch.onnx.export)");
        }
        Map<String, Source> parameters = new LinkedHashMap<>();
        String[] names = {"gamma", "beta", "runningMean", "runningVar"};
        for (int i = 0; i < names.length; i++) {
            requireConstant(c, i + 1, "batch-norm " + names[i]);
            parameters.put(names[i], Source.of(i + 1));
        }
        BatchNorm bn = BatchNorm.builder().optAxis(1).optEpsilon(Nodes.attr(node, "epsilon", 1e-5f)).build();
        return List.of(new Piece("", bn, parameters));
    }

    /**
     * Gemm as a DJL Linear when it is one: a 2-D runtime input times a constant weight, plus a
     * constant bias, with alpha = beta = 1 (as torch.onnx exports nn.Linear). A weight not stored
     * as (out, in) (transB = 0) is transposed into Linear's layout. Otherwise null: the generic
     * kernel computes the node.
     */
    static List<Piece> gemm(Context c) {
        OnnxProto.Node node = c.node();
        NDArray b = c.constant(1);
        NDArray bias = c.has(2) ? c.constant(2) : null;
        boolean transB = Nodes.attr(node, "transB", 0L) != 0;
        if (c.constant(0) != null || b == null || b.getShape().dimension() != 2 || c.shape(0).dimension() != 2
                || Nodes.attr(node, "transA", 0L) != 0 || Nodes.attr(node, "alpha", 1f) != 1f
                || c.has(2) && (bias == null || Nodes.attr(node, "beta", 1f) != 1f)) {
            return null;
        }
        long units = transB ? b.getShape().get(0) : b.getShape().get(1);
        if (bias != null && bias.size() != units) {
            return null;
        }
        Map<String, Source> parameters = new LinkedHashMap<>();
        parameters.put("weight", new Source(1, transB ? a -> a : NDArray::transpose));
        if (bias != null) {
            parameters.put("bias", new Source(2, a -> a.reshape(units)));
        }
        return List.of(new Piece("", Linear.builder().setUnits(units).optBias(bias != null).build(), parameters));
    }

    /** MatMul by a constant 2-D weight (K, N) as a DJL Linear without bias (its weight transposed to (N, K)); else null. */
    static List<Piece> matMul(Context c) {
        NDArray b = c.constant(1);
        if (c.constant(0) != null || b == null || b.getShape().dimension() != 2 || c.shape(0).dimension() < 2) {
            return null;
        }
        return List.of(new Piece("", Linear.builder().setUnits(b.getShape().get(1)).optBias(false).build(),
                Map.of("weight", new Source(1, NDArray::transpose))));
    }

    /** MaxPool / AveragePool (1-d and 2-d) as DJL's pooling blocks. */
    static List<Piece> pool(Context c, boolean max) {
        OnnxProto.Node node = c.node();
        long[] kernel = Nodes.ints(node, "kernel_shape");
        int spatial = kernel.length;
        if (spatial < 1 || spatial > 2) {
            throw Nodes.unsupported(node, spatial + "-d pooling", "SEUnit imports 1-d and 2-d pooling");
        }
        if (node.outputs().size() > 1 && !node.outputs().get(1).isEmpty()) {
            throw Nodes.unsupported(node, "max pooling indices", "export without return_indices");
        }
        long[] strides = Nodes.ints(node, "strides", 1, spatial);
        long[] dilations = Nodes.ints(node, "dilations", 1, spatial);
        if (Arrays.stream(dilations).anyMatch(d -> d != 1)) {
            throw Nodes.unsupported(node, "dilated pooling", "export pooling without dilation");
        }
        boolean ceil = Nodes.attr(node, "ceil_mode", 0L) != 0;
        boolean countPad = Nodes.attr(node, "count_include_pad", 0L) != 0;
        long[][] pads = pads(node, c.shape(0), kernel, strides, dilations);
        if (!max && !countPad && !Arrays.equals(pads[0], pads[1])) {
            throw Nodes.unsupported(node, "average pooling with pads that differ between sides and count_include_pad = 0",
                    "export with symmetric padding");
        }
        List<Piece> pieces = new ArrayList<>();
        Shape padding = new Shape(symmetricOrZero(pads, pieces, max ? Double.NEGATIVE_INFINITY : 0.0));
        Shape k = new Shape(kernel);
        Shape s = new Shape(strides);
        Block pool;
        if (max) {
            pool = spatial == 1 ? Pool.maxPool1dBlock(k, s, padding, ceil) : Pool.maxPool2dBlock(k, s, padding, ceil);
        } else {
            pool = spatial == 1 ? Pool.avgPool1dBlock(k, s, padding, ceil, countPad)
                    : Pool.avgPool2dBlock(k, s, padding, ceil, countPad);
        }
        pieces.add(new Piece("", pool, Map.of()));
        return pieces;
    }
}
