package dev.seunit.model.onnx.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Resize/Upsample (nearest and linear, every coordinate mode torch.onnx and tf2onnx write) and
 * Pad (constant, edge, reflect). Both work one axis at a time with gathers, so nearest
 * resizing and edge/reflect padding copy values exactly; linear resizing computes
 * {@code w0 * x0 + w1 * x1} along the last axis first, as PyTorch's bilinear kernel does.
 */
final class ResizeAndPad {

    private ResizeAndPad() {
    }

    /**
     * Resize (opset 10: scales in input 1; opset 11+: roi, scales, sizes in inputs 1-3) and
     * Upsample (scales in input 1, or an attribute before opset 9).
     */
    static Kernel resize(long opset) {
        return args -> {
            OnnxProto.Node node = args.node();
            NDArray x = args.data(0);
            long[] dims = x.getShape().getShape();
            boolean upsample = node.opType().equals("Upsample");
            boolean legacy = upsample || opset < 11;
            double[] scales = null;
            long[] sizes = null;
            if (legacy) {
                scales = args.has(1) ? args.doubles(1) : scalesAttribute(node);
            } else {
                if (args.has(2) && args.doubles(2).length > 0) {
                    scales = args.doubles(2);
                }
                if (args.has(3) && args.ints(3).length > 0) {
                    sizes = args.ints(3);
                }
            }
            String mode = Nodes.attr(node, "mode", "nearest");
            String coordinates = legacy ? "asymmetric" : Nodes.attr(node, "coordinate_transformation_mode", "half_pixel");
            String rounding = legacy ? "floor" : Nodes.attr(node, "nearest_mode", "round_prefer_floor");
            if (!mode.equals("nearest") && !mode.equals("linear") && !mode.equals("bilinear")) {
                throw Nodes.unsupported(node, "resize mode '" + mode + "'", "export with nearest or (bi)linear interpolation");
            }
            if (coordinates.equals("tf_crop_and_resize") || Nodes.attr(node, "antialias", 0L) != 0) {
                throw Nodes.unsupported(node, "coordinate mode '" + coordinates + "' or antialiasing",
                        "export with half_pixel, pytorch_half_pixel, align_corners or asymmetric coordinates");
            }
            // the last axis first, as PyTorch's separable bilinear kernel
            for (int axis = dims.length - 1; axis >= 0; axis--) {
                long in = dims[axis];
                long out = sizes != null ? sizes[axis] : (long) Math.floor(in * scales[axis]);
                double scale = sizes != null ? (double) out / in : scales[axis];
                if (out == in && scale == 1) {
                    continue;
                }
                x = mode.equals("nearest") ? TensorKernels.select(x, axis, nearest(in, out, scale, coordinates, rounding))
                        : linear(x, axis, in, out, scale, coordinates);
            }
            return new NDList(x);
        };
    }

    /** Upsample's scales before opset 9: a FLOATS attribute. */
    private static double[] scalesAttribute(OnnxProto.Node node) {
        OnnxProto.Attribute a = node.attributes().get("scales");
        if (a == null) {
            throw Nodes.unsupported(node, "an Upsample without scales", "export with a scale factor");
        }
        double[] d = new double[a.floats().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.floats()[i];
        }
        return d;
    }

    /** The input coordinate of output index {@code o} (ONNX's coordinate_transformation_mode), in float32 as the kernels compute it. */
    private static float source(long o, long in, long out, double scale, String coordinates) {
        float inverse = (float) (1.0 / scale);
        return switch (coordinates) {
            case "half_pixel" -> (o + 0.5f) * inverse - 0.5f;
            case "pytorch_half_pixel" -> out > 1 ? (o + 0.5f) * inverse - 0.5f : 0f;
            case "align_corners" -> out == 1 ? 0f : o * ((float) (in - 1) / (out - 1));
            case "tf_half_pixel_for_nn" -> (o + 0.5f) * inverse;
            default -> o * inverse; // asymmetric
        };
    }

    private static long[] nearest(long in, long out, double scale, String coordinates, String rounding) {
        long[] index = new long[(int) out];
        for (int o = 0; o < out; o++) {
            float s = source(o, in, out, scale, coordinates);
            double r = switch (rounding) {
                case "floor" -> Math.floor(s);
                case "ceil" -> Math.ceil(s);
                case "round_prefer_ceil" -> Math.floor(s + 0.5);
                default -> Math.ceil(s - 0.5); // round_prefer_floor
            };
            index[o] = Math.max(0, Math.min(in - 1, (long) r));
        }
        return index;
    }

    private static NDArray linear(NDArray x, int axis, long in, long out, double scale, String coordinates) {
        long[] lo = new long[(int) out];
        long[] hi = new long[(int) out];
        float[] w0 = new float[(int) out];
        float[] w1 = new float[(int) out];
        for (int o = 0; o < out; o++) {
            float s = Math.max(0f, source(o, in, out, scale, coordinates));
            long i0 = Math.min((long) s, in - 1);
            lo[o] = i0;
            hi[o] = Math.min(i0 + 1, in - 1);
            w1[o] = Math.min(1f, s - i0);
            w0[o] = 1f - w1[o];
        }
        long[] weightShape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(weightShape, 1);
        weightShape[axis] = out;
        NDArray a = x.getManager().create(w0, new Shape(weightShape));
        NDArray b = x.getManager().create(w1, new Shape(weightShape));
        return TensorKernels.select(x, axis, lo).mul(a).add(TensorKernels.select(x, axis, hi).mul(b));
    }

    /** Pad (opset 11+: pads, constant value, axes as inputs 1-3; before: attributes). */
    static Kernel pad(long opset) {
        return args -> {
            OnnxProto.Node node = args.node();
            NDArray x = args.data(0);
            int rank = x.getShape().dimension();
            long[] pads = args.has(1) ? args.ints(1) : Nodes.ints(node, "pads");
            double value = args.has(2) ? args.doubles(2)[0] : Nodes.attr(node, "value", 0f);
            long[] axes = args.has(3) ? args.ints(3) : null;
            String mode = Nodes.attr(node, "mode", "constant");
            int count = axes == null ? rank : axes.length;
            long[] begin = new long[rank];
            long[] end = new long[rank];
            for (int i = 0; i < count; i++) {
                int axis = axes == null ? i : Nodes.axis(axes[i], rank);
                begin[axis] = pads[i];
                end[axis] = pads[i + count];
            }
            return new NDList(pad(x, begin, end, mode, value, node));
        };
    }

    static NDArray pad(NDArray x, long[] begin, long[] end, String mode, double value, OnnxProto.Node node) {
        int rank = x.getShape().dimension();
        if (mode.equals("constant")) {
            long[] torchPads = new long[2 * rank]; // last axis first, as torch.nn.functional.pad takes them
            for (int axis = 0; axis < rank; axis++) {
                torchPads[2 * (rank - 1 - axis)] = begin[axis];
                torchPads[2 * (rank - 1 - axis) + 1] = end[axis];
            }
            return x.pad(new Shape(torchPads), value);
        }
        if (!mode.equals("edge") && !mode.equals("reflect")) {
            throw Nodes.unsupported(node, "pad mode '" + mode + "'", "export with constant, edge or reflect padding");
        }
        for (int axis = 0; axis < rank; axis++) {
            if (begin[axis] == 0 && end[axis] == 0) {
                continue;
            }
            long n = x.getShape().get(axis);
            long[] index = new long[(int) (n + begin[axis] + end[axis])];
            for (int o = 0; o < index.length; o++) {
                long i = o - begin[axis];
                if (mode.equals("edge")) {
                    i = Math.max(0, Math.min(n - 1, i));
                } else {
                    long period = 2 * (n - 1);
                    i = period == 0 ? 0 : Math.floorMod(i, period);
                    i = i >= n ? period - i : i;
                }
                index[o] = i;
            }
            x = TensorKernels.select(x, axis, index);
        }
        return x;
    }
}
