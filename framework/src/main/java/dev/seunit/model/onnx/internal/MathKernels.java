package dev.seunit.model.onnx.internal;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * Element-wise operators, with ONNX's multidirectional broadcasting (PyTorch's, which DJL's
 * PyTorch engine applies). Float formulas follow PyTorch's kernels, so that an imported model
 * computes what the PyTorch model it was exported from computes.
 */
final class MathKernels {

    private MathKernels() {
    }

    static Kernel unary(UnaryOperator<NDArray> f) {
        return args -> new NDList(f.apply(args.data(0)));
    }

    static Kernel binary(BinaryOperator<NDArray> f) {
        return args -> new NDList(f.apply(args.data(0), args.data(1)));
    }

    static NDArray add(NDArray a, NDArray b) {
        return a.add(b);
    }

    static NDArray sub(NDArray a, NDArray b) {
        return a.sub(b);
    }

    static NDArray mul(NDArray a, NDArray b) {
        return a.mul(b);
    }

    /** Float division, or integer division truncated toward zero (ONNX's rule for integer tensors). */
    static NDArray div(NDArray a, NDArray b) {
        if (Tensors.isFloat(a) || Tensors.isFloat(b)) {
            return a.div(b);
        }
        NDArray q = a.toType(DataType.FLOAT64, false).div(b.toType(DataType.FLOAT64, false));
        return q.sign().mul(q.abs().floor()).toType(DataType.INT64, false);
    }

    static NDArray pow(NDArray a, NDArray b) {
        return a.pow(b.toType(a.getDataType(), false));
    }

    static Kernel leakyRelu() {
        return args -> new NDList(Activation.leakyRelu(args.data(0), Nodes.attr(args.node(), "alpha", 0.01f)));
    }

    /** {@code max(0, min(1, alpha * x + beta))}. */
    static Kernel hardSigmoid() {
        return args -> {
            float alpha = Nodes.attr(args.node(), "alpha", 0.2f);
            float beta = Nodes.attr(args.node(), "beta", 0.5f);
            return new NDList(args.data(0).mul(alpha).add(beta).clip(0f, 1f));
        };
    }

    /** Whether a HardSigmoid node computes PyTorch's {@code relu6(x + 3) / 6} (alpha 1/6, beta 1/2). */
    static boolean isPyTorchHardSigmoid(OnnxProto.Node node) {
        return Nodes.attr(node, "alpha", 0.2f) == 1f / 6 && Nodes.attr(node, "beta", 0.5f) == 0.5f;
    }

    /** PyTorch's hardswish: {@code x * relu6(x + 3) / 6}. */
    static NDArray hardSwish(NDArray x) {
        return x.mul(x.add(3f).clip(0f, 6f)).div(6f);
    }

    /** Clip: bounds from inputs 1 and 2 (opset 11+) or attributes min and max (before). */
    static Kernel clip() {
        return args -> {
            float[] bounds = clipBounds(args);
            return new NDList(args.data(0).clip(bounds[0], bounds[1]));
        };
    }

    static float[] clipBounds(Kernel.Args args) {
        OnnxProto.Node node = args.node();
        float lo = Nodes.attr(node, "min", Float.NEGATIVE_INFINITY);
        float hi = Nodes.attr(node, "max", Float.POSITIVE_INFINITY);
        if (args.has(1)) {
            lo = (float) args.doubles(1)[0];
        }
        if (args.has(2)) {
            hi = (float) args.doubles(2)[0];
        }
        return new float[] {lo, hi};
    }

    static Kernel softmax(long opset) {
        return args -> {
            NDArray x = args.data(0);
            int rank = x.getShape().dimension();
            int axis = Nodes.axis(Nodes.attr(args.node(), "axis", opset < 13 ? 1L : -1L), rank);
            if (opset >= 13 || axis == rank - 1) {
                return new NDList(x.softmax(axis));
            }
            // before opset 13: softmax over the flattened dimensions from axis on
            long rows = x.getShape().slice(0, axis).size();
            return new NDList(x.reshape(rows, -1).softmax(1).reshape(x.getShape()));
        };
    }

    static Kernel where() {
        return args -> new NDList(NDArrays.where(args.data(0).toType(DataType.BOOLEAN, false), args.data(1),
                args.data(2)));
    }

    static Kernel prelu() {
        return args -> {
            NDArray x = args.data(0);
            return new NDList(NDArrays.where(x.gt(0f), x, x.mul(args.data(1))));
        };
    }

    /** Gemm: {@code alpha * A' B' + beta * C}, A' and B' transposed when asked. */
    static Kernel gemm() {
        return args -> {
            OnnxProto.Node node = args.node();
            NDArray a = Nodes.attr(node, "transA", 0L) != 0 ? args.data(0).transpose() : args.data(0);
            NDArray b = Nodes.attr(node, "transB", 0L) != 0 ? args.data(1).transpose() : args.data(1);
            NDArray y = a.matMul(b);
            float alpha = Nodes.attr(node, "alpha", 1f);
            if (alpha != 1f) {
                y = y.mul(alpha);
            }
            if (args.has(2)) {
                float beta = Nodes.attr(node, "beta", 1f);
                y = y.add(beta == 1f ? args.data(2) : args.data(2).mul(beta));
            }
            return new NDList(y);
        };
    }
}
