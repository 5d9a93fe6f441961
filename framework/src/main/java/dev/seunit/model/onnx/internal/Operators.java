package dev.seunit.model.onnx.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Every ONNX operator SEUnit imports, for one opset: which inputs configure it (read at load
 * time, never faulted), the kernel that computes it, and the name of the layer it becomes (DJL's
 * own names for activations, pooling and flattening, which SEUnit's transformations and FAST
 * engine recognise) or the DJL block it maps to.
 */
final class Operators {

    /**
     * One operator.
     *
     * @param config input slots holding configuration (shapes, axes, pads, scales, bounds)
     * @param kernel what it computes; also used to fold it at load time when its inputs are constants
     * @param name the layer name of a node without parameters (given the node's block)
     * @param layer DJL blocks for the node, or null (or a factory returning null): the kernel's layer
     * @param folded whether its output is always a constant (Shape, Size), whatever its inputs
     */
    record Op(Set<Integer> config, Kernel kernel, Function<NodeBlock, String> name,
            Function<DjlLayers.Context, List<DjlLayers.Piece>> layer, boolean folded) {

        boolean isConfig(int slot) {
            return config.contains(slot);
        }
    }

    private Operators() {
    }

    private static Op op(Kernel kernel, String name, Integer... config) {
        return new Op(Set.of(config), kernel, b -> name, null, false);
    }

    private static Op layer(Function<DjlLayers.Context, List<DjlLayers.Piece>> layer, Kernel fallback) {
        return new Op(Set.of(), fallback, b -> "", layer, false);
    }

    /** The operators of default-domain opset {@code opset}, by type. */
    static Map<String, Op> of(long opset) {
        Map<String, Op> ops = new TreeMap<>();
        ops.put("Conv", layer(DjlLayers::conv, null));
        ops.put("ConvTranspose", layer(DjlLayers::convTranspose, null));
        ops.put("BatchNormalization", layer(DjlLayers::batchNorm, null));
        ops.put("Gemm", layer(DjlLayers::gemm, MathKernels.gemm()));
        ops.put("MatMul", layer(DjlLayers::matMul, MathKernels.binary(NDArray::matMul)));
        ops.put("MaxPool", layer(c -> DjlLayers.pool(c, true), null));
        ops.put("AveragePool", layer(c -> DjlLayers.pool(c, false), null));
        ops.put("GlobalAveragePool", op(TensorKernels::globalAverage, "globalAvgPool"));
        ops.put("GlobalMaxPool", op(TensorKernels::globalMax, "globalMaxPool"));

        ops.put("Relu", op(MathKernels.unary(Activation::relu), "ReLU"));
        ops.put("Sigmoid", op(MathKernels.unary(Activation::sigmoid), "sigmoid"));
        ops.put("Tanh", op(MathKernels.unary(Activation::tanh), "Tanh"));
        ops.put("LeakyRelu", op(MathKernels.leakyRelu(), "LeakyReLU"));
        ops.put("HardSwish", op(MathKernels.unary(MathKernels::hardSwish), "HardSwish"));
        ops.put("HardSigmoid", new Op(Set.of(), MathKernels.hardSigmoid(),
                b -> MathKernels.isPyTorchHardSigmoid(b.node()) ? "HardSigmoid" : "HardSigmoid(alpha, beta)", null, false));
        ops.put("Clip", new Op(Set.of(1, 2), MathKernels.clip(), Operators::clipName, null, false));
        ops.put("PRelu", op(MathKernels.prelu(), "PRelu"));
        ops.put("Softmax", op(MathKernels.softmax(opset), "softmax"));
        ops.put("Add", op(MathKernels.binary(MathKernels::add), "Add"));
        ops.put("Sub", op(MathKernels.binary(MathKernels::sub), "Sub"));
        ops.put("Mul", op(MathKernels.binary(MathKernels::mul), "Mul"));
        ops.put("Div", op(MathKernels.binary(MathKernels::div), "Div"));
        ops.put("Pow", op(MathKernels.binary(MathKernels::pow), "Pow"));
        ops.put("Sqrt", op(MathKernels.unary(NDArray::sqrt), "Sqrt"));
        ops.put("Exp", op(MathKernels.unary(NDArray::exp), "Exp"));
        ops.put("Neg", op(MathKernels.unary(NDArray::neg), "Neg"));
        ops.put("Abs", op(MathKernels.unary(NDArray::abs), "Abs"));
        ops.put("Erf", op(MathKernels.unary(NDArray::erf), "Erf"));
        ops.put("Floor", op(MathKernels.unary(NDArray::floor), "Floor"));
        ops.put("Ceil", op(MathKernels.unary(NDArray::ceil), "Ceil"));
        ops.put("Equal", op(MathKernels.binary(NDArray::eq), "Equal"));
        ops.put("Less", op(MathKernels.binary(NDArray::lt), "Less"));
        ops.put("Greater", op(MathKernels.binary(NDArray::gt), "Greater"));
        ops.put("Not", op(MathKernels.unary(NDArray::logicalNot), "Not"));
        ops.put("Where", op(MathKernels.where(), "Where"));

        ops.put("Identity", op(TensorKernels::identity, "identity"));
        ops.put("Dropout", op(TensorKernels::identity, "identity", 1, 2));
        ops.put("Flatten", new Op(Set.of(), TensorKernels::flatten,
                b -> Nodes.attr(b.node(), "axis", 1L) == 1 ? "batchFlatten" : "flatten", null, false));
        ops.put("Reshape", op(TensorKernels::reshape, "Reshape", 1));
        ops.put("Transpose", op(TensorKernels::transpose, "Transpose"));
        ops.put("Squeeze", op(TensorKernels::squeeze, "Squeeze", 1));
        ops.put("Unsqueeze", op(TensorKernels::unsqueeze, "Unsqueeze", 1));
        ops.put("Concat", op(TensorKernels::concat, "Concat"));
        ops.put("Gather", op(TensorKernels::gather, "Gather", 1));
        ops.put("Slice", op(TensorKernels::slice, "Slice", 1, 2, 3, 4));
        ops.put("Split", op(TensorKernels::split, "Split", 1));
        ops.put("Expand", op(TensorKernels::expand, "Expand", 1));
        ops.put("Tile", op(TensorKernels::tile, "Tile", 1));
        ops.put("Cast", op(TensorKernels::cast, "Cast"));
        ops.put("ReduceMean", op(TensorKernels.reduce(TensorKernels.Reduction.MEAN), "ReduceMean", 1));
        ops.put("ReduceSum", op(TensorKernels.reduce(TensorKernels.Reduction.SUM), "ReduceSum", 1));
        ops.put("ReduceMax", op(TensorKernels.reduce(TensorKernels.Reduction.MAX), "ReduceMax", 1));
        ops.put("ReduceMin", op(TensorKernels.reduce(TensorKernels.Reduction.MIN), "ReduceMin", 1));
        ops.put("Resize", op(ResizeAndPad.resize(opset), "Resize", 1, 2, 3));
        ops.put("Upsample", op(ResizeAndPad.resize(opset), "Upsample", 1));
        ops.put("Pad", op(ResizeAndPad.pad(opset), "Pad", 1, 2, 3));

        ops.put("Shape", new Op(Set.of(), TensorKernels::shape, b -> "Shape", null, true));
        ops.put("Size", new Op(Set.of(), TensorKernels::size, b -> "Size", null, true));
        ops.put("Constant", new Op(Set.of(), TensorKernels::constant, b -> "Constant", null, true));
        ops.put("ConstantOfShape", op(TensorKernels::constantOfShape, "ConstantOfShape"));
        ops.put("Range", op(TensorKernels::range, "Range"));
        return ops;
    }

    /** ReLU6 for Clip(0, 6) (how PyTorch exports ReLU6 and hardtanh(0, 6)), ReLU for Clip(0, +inf). */
    private static String clipName(NodeBlock block) {
        double[] min = block.configDoubles(1);
        double[] max = block.configDoubles(2);
        double lo = min != null ? min[0] : Nodes.attr(block.node(), "min", Float.NEGATIVE_INFINITY);
        double hi = max != null ? max[0] : Nodes.attr(block.node(), "max", Float.POSITIVE_INFINITY);
        return lo == 0 && hi == 6 ? "ReLU6" : lo == 0 && hi == Double.POSITIVE_INFINITY ? "ReLU" : "clip";
    }

    /** What the error for an unsupported operator lists. */
    static String supported() {
        return String.join(", ", of(17).keySet());
    }
}
