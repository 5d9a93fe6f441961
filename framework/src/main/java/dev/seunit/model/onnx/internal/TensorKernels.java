package dev.seunit.model.onnx.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Operators that move, select or describe values (shapes, reshaping, slicing, concatenation,
 * reductions). Selections are gathers of whole values, so they copy bits exactly.
 */
final class TensorKernels {

    private TensorKernels() {
    }

    static NDList identity(Kernel.Args args) {
        return new NDList(args.data(0));
    }

    /** Shape (opset 15 adds start and end). */
    static NDList shape(Kernel.Args args) {
        long[] dims = args.data(0).getShape().getShape();
        int rank = dims.length;
        int start = clampAxis(Nodes.attr(args.node(), "start", 0L), rank);
        int end = clampAxis(Nodes.attr(args.node(), "end", (long) rank), rank);
        return new NDList(args.manager().create(Arrays.copyOfRange(dims, start, Math.max(start, end))));
    }

    private static int clampAxis(long axis, int rank) {
        return (int) Math.max(0, Math.min(rank, axis < 0 ? axis + rank : axis));
    }

    static NDList size(Kernel.Args args) {
        return new NDList(args.manager().create(args.data(0).getShape().size()));
    }

    static NDList constant(Kernel.Args args) {
        OnnxProto.Node node = args.node();
        NDManager m = args.manager();
        for (OnnxProto.Attribute a : node.attributes().values()) {
            switch (a.name()) {
                case "value" -> {
                    return new NDList(Tensors.toArray(a.t(), m, Nodes.describe(node)));
                }
                case "value_float" -> {
                    return new NDList(m.create(a.f()));
                }
                case "value_floats" -> {
                    return new NDList(m.create(a.floats()));
                }
                case "value_int" -> {
                    return new NDList(m.create(a.i()));
                }
                case "value_ints" -> {
                    return new NDList(m.create(a.ints()));
                }
                default -> {
                }
            }
        }
        throw Nodes.unsupported(node, "a constant without a numeric value attribute", "give it a tensor value");
    }

    static NDList constantOfShape(Kernel.Args args) {
        Shape shape = new Shape(Tensors.longs(args.data(0)));
        OnnxProto.Attribute value = args.node().attributes().get("value");
        NDArray v = value == null ? args.manager().create(0f) : Tensors.toArray(value.t(), args.manager(),
                Nodes.describe(args.node()));
        return new NDList(v.reshape(new Shape()).broadcast(shape).duplicate());
    }

    static NDList range(Kernel.Args args) {
        NDArray start = args.data(0);
        if (Tensors.isFloat(start)) {
            float s = start.getFloat();
            return new NDList(args.manager().arange(s, args.data(1).getFloat(), args.data(2).getFloat()));
        }
        long s = Tensors.longs(start)[0];
        long limit = Tensors.longs(args.data(1))[0];
        long delta = Tensors.longs(args.data(2))[0];
        List<Long> values = new ArrayList<>();
        for (long v = s; delta > 0 ? v < limit : v > limit; v += delta) {
            values.add(v);
        }
        return new NDList(args.manager().create(values.stream().mapToLong(Long::longValue).toArray()));
    }

    static NDList cast(Kernel.Args args) {
        long to = Nodes.attr(args.node(), "to", (long) OnnxProto.FLOAT);
        DataType type = switch ((int) to) {
            case OnnxProto.FLOAT, OnnxProto.DOUBLE, OnnxProto.FLOAT16 -> DataType.FLOAT32;
            case OnnxProto.BOOL -> DataType.BOOLEAN;
            default -> DataType.INT64;
        };
        return new NDList(args.data(0).toType(type, false));
    }

    /** Reshape: 0 copies the input's dimension (unless allowzero), -1 is inferred. */
    static NDList reshape(Kernel.Args args) {
        NDArray x = args.data(0);
        long[] target = args.ints(1).clone();
        boolean allowZero = Nodes.attr(args.node(), "allowzero", 0L) != 0;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && !allowZero) {
                target[i] = x.getShape().get(i);
            }
        }
        return new NDList(x.reshape(new Shape(target)));
    }

    /** Flatten to 2-D at {@code axis}: (d0 x ... x d(axis-1), rest). */
    static NDList flatten(Kernel.Args args) {
        NDArray x = args.data(0);
        int axis = Nodes.axis(Nodes.attr(args.node(), "axis", 1L), x.getShape().dimension());
        return new NDList(x.reshape(x.getShape().slice(0, axis).size(), -1));
    }

    static NDList transpose(Kernel.Args args) {
        NDArray x = args.data(0);
        long[] perm = Nodes.ints(args.node(), "perm");
        if (perm == null) {
            int rank = x.getShape().dimension();
            perm = new long[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
        }
        return new NDList(x.transpose(Arrays.stream(perm).mapToInt(p -> (int) p).toArray()));
    }

    /** Axes from input 1 (opset 13+) or the axes attribute (before). */
    static long[] axes(Kernel.Args args, int slot) {
        return args.has(slot) ? args.ints(slot) : Nodes.ints(args.node(), "axes");
    }

    static NDList squeeze(Kernel.Args args) {
        NDArray x = args.data(0);
        long[] axes = axes(args, 1);
        if (axes == null) {
            return new NDList(x.squeeze());
        }
        int rank = x.getShape().dimension();
        return new NDList(x.squeeze(Arrays.stream(axes).mapToInt(a -> Nodes.axis(a, rank)).toArray()));
    }

    static NDList unsqueeze(Kernel.Args args) {
        NDArray x = args.data(0);
        long[] axes = axes(args, 1);
        int rank = x.getShape().dimension() + axes.length;
        int[] sorted = Arrays.stream(axes).mapToInt(a -> Nodes.axis(a, rank)).sorted().toArray();
        for (int a : sorted) {
            x = x.expandDims(a);
        }
        return new NDList(x);
    }

    static NDList concat(Kernel.Args args) {
        NDList parts = new NDList();
        for (int s = 0; s < args.slots(); s++) {
            if (args.has(s)) {
                parts.add(args.data(s));
            }
        }
        int axis = Nodes.axis(Nodes.attr(args.node(), "axis", 0L), parts.head().getShape().dimension());
        boolean floats = parts.stream().anyMatch(Tensors::isFloat);
        if (!floats) {
            NDList same = new NDList();
            parts.forEach(p -> same.add(p.toType(DataType.INT64, false)));
            parts = same;
        }
        return new NDList(parts.size() == 1 ? parts.head() : NDArrays.concat(parts, axis));
    }

    /** The values at {@code indices} along {@code axis}, copied exactly (a gather). */
    static NDArray select(NDArray x, int axis, long[] indices) {
        long[] dims = x.getShape().getShape();
        long[] shape = new long[dims.length];
        Arrays.fill(shape, 1);
        shape[axis] = indices.length;
        long[] out = dims.clone();
        out[axis] = indices.length;
        NDArray index = x.getManager().create(indices).reshape(new Shape(shape)).broadcast(new Shape(out));
        return x.gather(index, axis);
    }

    static NDList gather(Kernel.Args args) {
        NDArray x = args.data(0);
        int rank = x.getShape().dimension();
        int axis = Nodes.axis(Nodes.attr(args.node(), "axis", 0L), rank);
        long[] indices = args.ints(1).clone();
        long n = x.getShape().get(axis);
        for (int i = 0; i < indices.length; i++) {
            indices[i] = indices[i] < 0 ? indices[i] + n : indices[i];
        }
        NDArray picked = select(x, axis, indices);
        Shape before = x.getShape().slice(0, axis);
        Shape after = x.getShape().slice(axis + 1);
        return new NDList(picked.reshape(before.addAll(args.shape(1)).addAll(after)));
    }

    /** Slice (opset 10+: starts, ends, axes, steps as inputs 1-4; before: attributes). */
    static NDList slice(Kernel.Args args) {
        NDArray x = args.data(0);
        OnnxProto.Node node = args.node();
        long[] starts = args.has(1) ? args.ints(1) : Nodes.ints(node, "starts");
        long[] ends = args.has(2) ? args.ints(2) : Nodes.ints(node, "ends");
        long[] axes = args.has(3) ? args.ints(3) : Nodes.ints(node, "axes");
        long[] steps = args.has(4) ? args.ints(4) : null;
        int rank = x.getShape().dimension();
        for (int i = 0; i < starts.length; i++) {
            int axis = axes == null ? i : Nodes.axis(axes[i], rank);
            long step = steps == null ? 1 : steps[i];
            long dim = x.getShape().get(axis);
            if (step > 0) {
                long start = clamp(starts[i] < 0 ? starts[i] + dim : starts[i], 0, dim);
                long end = clamp(ends[i] < 0 ? ends[i] + dim : ends[i], 0, dim);
                x = x.get(new NDIndex().addAllDim(axis).addSliceDim(start, Math.max(start, end), step));
            } else {
                long start = clamp(starts[i] < 0 ? starts[i] + dim : starts[i], -1, dim - 1);
                long end = clamp(ends[i] < 0 ? ends[i] + dim : ends[i], -1, dim - 1);
                List<Long> picked = new ArrayList<>();
                for (long k = start; k > end; k += step) {
                    picked.add(k);
                }
                x = select(x, axis, picked.stream().mapToLong(Long::longValue).toArray());
            }
        }
        return new NDList(x);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Split into the sizes of input 1 (opset 13+) or attribute split, else equal parts (one per output). */
    static NDList split(Kernel.Args args) {
        NDArray x = args.data(0);
        int axis = Nodes.axis(Nodes.attr(args.node(), "axis", 0L), x.getShape().dimension());
        long[] sizes = args.has(1) ? args.ints(1) : Nodes.ints(args.node(), "split");
        long dim = x.getShape().get(axis);
        int parts = args.node().outputs().size();
        if (sizes == null) {
            sizes = new long[parts];
            long each = (dim + parts - 1) / parts;
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.min(each, dim - i * each);
            }
        }
        long[] cuts = new long[sizes.length - 1];
        long at = 0;
        for (int i = 0; i < cuts.length; i++) {
            at += sizes[i];
            cuts[i] = at;
        }
        return x.split(cuts, axis);
    }

    static NDList expand(Kernel.Args args) {
        NDArray x = args.data(0);
        long[] shape = args.ints(1);
        long[] dims = x.getShape().getShape();
        int rank = Math.max(dims.length, shape.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long a = i - (rank - dims.length) >= 0 ? dims[i - (rank - dims.length)] : 1;
            long b = i - (rank - shape.length) >= 0 ? shape[i - (rank - shape.length)] : 1;
            out[i] = a == 1 ? b : a;
        }
        return new NDList(x.broadcast(new Shape(out)).duplicate());
    }

    static NDList tile(Kernel.Args args) {
        return new NDList(args.data(0).tile(args.ints(1)));
    }

    /**
     * Mean over every axis from 2 on, kept as size 1 (GlobalAveragePool): PyTorch's adaptive
     * average pooling to 1 x 1 for images (what nn.AdaptiveAvgPool2d(1) computes), else the mean
     * of the flattened positions.
     */
    static NDList globalAverage(Kernel.Args args) {
        NDArray x = args.data(0);
        Shape s = x.getShape();
        if (s.dimension() == 4) {
            return new NDList(x.getNDArrayInternal().globalAvgPool().reshape(keptShape(s)));
        }
        return new NDList(x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}, true).reshape(keptShape(s)));
    }

    static NDList globalMax(Kernel.Args args) {
        NDArray x = args.data(0);
        Shape s = x.getShape();
        return new NDList(x.reshape(s.get(0), s.get(1), -1).max(new int[] {2}, true).reshape(keptShape(s)));
    }

    private static Shape keptShape(Shape s) {
        long[] dims = s.getShape().clone();
        for (int i = 2; i < dims.length; i++) {
            dims[i] = 1;
        }
        return new Shape(dims);
    }

    enum Reduction { MEAN, SUM, MAX, MIN }

    static Kernel reduce(Reduction reduction) {
        return args -> {
            NDArray x = args.data(0);
            int rank = x.getShape().dimension();
            long[] axes = axes(args, 1);
            boolean keep = Nodes.attr(args.node(), "keepdims", 1L) != 0;
            if (axes == null || axes.length == 0) {
                if (Nodes.attr(args.node(), "noop_with_empty_axes", 0L) != 0) {
                    return new NDList(x);
                }
                axes = new long[rank];
                for (int i = 0; i < rank; i++) {
                    axes[i] = i;
                }
            }
            // one axis at a time (DJL's PyTorch engine reduces one axis per call), the last first
            int[] a = Arrays.stream(axes).mapToInt(v -> Nodes.axis(v, rank)).boxed()
                    .sorted(java.util.Comparator.reverseOrder()).mapToInt(Integer::intValue).toArray();
            for (int axis : a) {
                int[] one = {axis};
                x = switch (reduction) {
                    case MEAN -> x.mean(one, keep);
                    case SUM -> x.sum(one, keep);
                    case MAX -> x.max(one, keep);
                    case MIN -> x.min(one, keep);
                };
            }
            return new NDList(x);
        };
    }
}
