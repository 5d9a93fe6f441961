package dev.seunit.model.onnx.internal;

import java.util.function.BiFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.seunit.model.AffineBlock;
import dev.seunit.model.RebuildableBlock;

/**
 * ONNX ConvTranspose (PyTorch's ConvTranspose1d/2d) with strides, dilations, groups, pads on
 * each side and output padding; {@code weight} (in, out / groups, kh, kw) and {@code bias} (out)
 * as ONNX and PyTorch store them. DJL's PyTorch engine does not implement deconvolution, so it is
 * computed as its equivalent convolution: the input with stride - 1 zeros between its values,
 * padded, convolved with the flipped kernel. Every product of an input value with a weight is one
 * the transposed convolution computes; the others are products with those zeros, which change
 * nothing while the weights are finite. A weight faulted to Inf or NaN meets them too, so every
 * output position of its channel becomes NaN, where PyTorch's kernel gives Inf or NaN only where
 * that weight reaches (either way the layer's output is non-finite). An {@link AffineBlock}: its
 * outputs are sums of inputs times weights, plus a bias.
 */
final class ConvTranspose extends AbstractBlock implements AffineBlock, RebuildableBlock {

    private final int filters;
    private final long[] kernel;
    private final long[] stride;
    private final long[] dilation;
    private final long[] padBegin;
    private final long[] padEnd;
    private final long[] outputPadding;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    ConvTranspose(int filters, long[] kernel, long[] stride, long[] dilation, long[] padBegin, long[] padEnd,
            long[] outputPadding, int groups, boolean hasBias) {
        super((byte) 1);
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.dilation = dilation;
        this.padBegin = padBegin;
        this.padEnd = padEnd;
        this.outputPadding = outputPadding;
        this.groups = groups;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = hasBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build()) : null;
    }

    @Override
    public Block rebuild(BiFunction<String, Block, Block> children) {
        return new ConvTranspose(filters, kernel, stride, dilation, padBegin, padEnd, outputPadding, groups, bias != null);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(inputShapes[0].get(1), filters / groups).addAll(new Shape(kernel)));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // the kernel is rearranged below: in a view owned by the call's scope, not the model's manager
        NDArray w = NodeBlock.inScope(parameterStore.getValue(weight, x.getDevice(), training), x.getManager());
        boolean oneD = kernel.length == 1;
        if (oneD) {
            x = x.expandDims(2);
            w = w.expandDims(2);
        }
        long[] k = oneD ? new long[] {1, kernel[0]} : kernel;
        long[] s = oneD ? new long[] {1, stride[0]} : stride;
        long[] d = oneD ? new long[] {1, dilation[0]} : dilation;
        long[] begin = oneD ? new long[] {0, padBegin[0]} : padBegin;
        long[] end = oneD ? new long[] {0, padEnd[0]} : padEnd;
        long[] extra = oneD ? new long[] {0, outputPadding[0]} : outputPadding;
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        if (s[0] > 1 || s[1] > 1) { // s - 1 zeros between neighbouring values: (N, C, H, sh, W, sw), cut the tail
            x = x.reshape(n, c, h, 1, wd, 1).pad(new Shape(0, s[1] - 1, 0, 0, 0, s[0] - 1), 0)
                    .reshape(n, c, h * s[0], wd * s[1])
                    .get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, (h - 1) * s[0] + 1)
                            .addSliceDim(0, (wd - 1) * s[1] + 1));
        }
        // a full convolution (d * (k - 1) zeros around), less the pads, plus the output padding at
        // the end; a negative pad crops
        long[] torchPads = new long[4];
        for (int i = 0; i < 2; i++) {
            long full = d[i] * (k[i] - 1);
            torchPads[2 * (1 - i)] = full - begin[i];
            torchPads[2 * (1 - i) + 1] = full - end[i] + extra[i];
        }
        x = x.pad(new Shape(torchPads), 0);
        // the kernel flipped, input and output channels swapped within each group: (out, in / groups, kh, kw)
        long in = c / groups;
        long out = filters / groups;
        NDArray flipped = w.flip(2, 3).reshape(groups, in, out, k[0], k[1]).transpose(0, 2, 1, 3, 4)
                .reshape(filters, in, k[0], k[1]);
        NDArray b = bias == null ? null : parameterStore.getValue(bias, x.getDevice(), training);
        NDArray y = Conv2d.conv2d(x, flipped, b, new Shape(1, 1), new Shape(0, 0), new Shape(d[0], d[1]), groups)
                .singletonOrThrow();
        return new NDList(oneD ? y.squeeze(2) : y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape out = new Shape(in.get(0), filters);
        for (int i = 0; i < kernel.length; i++) {
            out = out.add(stride[i] * (in.get(2 + i) - 1) + outputPadding[i] + (kernel[i] - 1) * dilation[i] + 1
                    - padBegin[i] - padEnd[i]);
        }
        return new Shape[] {out};
    }

    @Override
    public String toString() {
        return "ConvTranspose(filters=" + filters + ", kernel=" + new Shape(kernel) + ", stride=" + new Shape(stride) + ")";
    }
}
