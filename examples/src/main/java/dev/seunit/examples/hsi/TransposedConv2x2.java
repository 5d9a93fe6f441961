package dev.seunit.examples.hsi;

import java.util.function.BiFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.seunit.model.AffineBlock;
import dev.seunit.model.RebuildableBlock;

/**
 * A transposed 2D convolution with a 2x2 kernel and stride 2, the U-Net's upsampling step:
 * {@code out[n, o, 2i + a, 2j + b] = sum_c x[n, c, i, j] * weight[c, o, a, b] + bias[o]}.
 * Same parameters, in the same layout, as DJL's {@code Conv2dTranspose} (and PyTorch's
 * {@code ConvTranspose2d}): {@code weight} (in, out, 2, 2) and {@code bias} (out). DJL's PyTorch
 * engine does not implement deconvolution, and with stride = kernel the windows do not overlap,
 * so it is one matrix product followed by a depth-to-space reshape.
 *
 * <p>A {@link RebuildableBlock} without children: SEUnit builds a variant's copy with
 * {@link #rebuild} and copies the weight and bias in by name, so variants of a U-Net work.
 * Unstructured pruning zeroes its smallest weights like those of any other layer; int8
 * quantization (which covers DJL's Conv2d and Linear) leaves it in float32.
 */
public final class TransposedConv2x2 extends AbstractBlock implements RebuildableBlock, AffineBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final Parameter weight;
    private final Parameter bias;

    public TransposedConv2x2(int filters) {
        super(VERSION);
        this.filters = filters;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    /** A fresh, uninitialized copy (it has no children to map). */
    @Override
    public Block rebuild(BiFunction<String, Block, Block> children) {
        return new TransposedConv2x2(filters);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long in = inputShapes[0].get(1);
        weight.setShape(new Shape(in, filters, 2, 2));
        bias.setShape(new Shape(filters));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long wd = s.get(3);
        NDArray y = x.transpose(0, 2, 3, 1).reshape(-1, c).matMul(w.reshape(c, filters * 4L)) // (N*H*W, out*4)
                .reshape(n, h, wd, filters, 2, 2)
                .transpose(0, 3, 1, 4, 2, 5) // (N, out, H, 2, W, 2)
                .reshape(n, filters, 2 * h, 2 * wd);
        return new NDList(y.add(b.reshape(1, filters, 1, 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), filters, 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    public String toString() {
        return "TransposedConv2x2(filters=" + filters + ")";
    }
}
