package dev.seunit.model.onnx.internal;

import java.util.function.BiFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.seunit.model.AffineBlock;
import dev.seunit.transform.RebuildableBlock;

/**
 * ONNX ConvTranspose (PyTorch's ConvTranspose1d/2d) with strides, dilations, groups, pads on
 * each side and output padding; {@code weight} (in, out / groups, kh, kw) and {@code bias} (out)
 * as ONNX and PyTorch store them. DJL's PyTorch engine does not implement deconvolution, so it is
 * computed as the transposed convolution is defined: one matrix product of the input with the
 * weights, then each kernel offset's products placed at their strided output positions and summed
 * (col2im). Only real products are summed, so a non-finite weight reaches exactly the outputs it
 * touches. An {@link AffineBlock}: its outputs are sums of inputs times weights, plus a bias.
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
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        boolean oneD = kernel.length == 1;
        if (oneD) {
            x = x.expandDims(2);
            w = w.expandDims(2);
        }
        long[] k = oneD ? new long[] {1, kernel[0]} : kernel;
        long[] s = oneD ? new long[] {1, stride[0]} : stride;
        long[] d = oneD ? new long[] {1, dilation[0]} : dilation;
        long n = x.getShape().get(0);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        long in = x.getShape().get(1) / groups;
        long out = filters / groups;
        NDList perGroup = new NDList();
        for (int g = 0; g < groups; g++) {
            NDArray xg = groups == 1 ? x : x.get(new NDIndex().addAllDim().addSliceDim(g * in, (g + 1) * in));
            NDArray wg = groups == 1 ? w : w.get(new NDIndex().addSliceDim(g * in, (g + 1) * in));
            // (N*H*W, in) x (in, out*kh*kw): every product of an input value with a weight, once
            NDArray cols = xg.transpose(0, 2, 3, 1).reshape(-1, in).matMul(wg.reshape(in, out * k[0] * k[1]))
                    .reshape(n, h, wd, out, k[0], k[1]).transpose(0, 3, 4, 5, 1, 2); // (N, out, kh, kw, H, W)
            perGroup.add(place(cols, n, out, h, wd, k, s, d));
        }
        NDArray y = groups == 1 ? perGroup.head() : NDArrays.concat(perGroup, 1);
        y = crop(y, oneD);
        if (bias != null) {
            NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
            y = y.add(b.reshape(oneD ? new Shape(1, filters, 1) : new Shape(1, filters, 1, 1)));
        }
        return new NDList(y);
    }

    /** Sums each kernel offset's products at their positions in the uncropped output. */
    private static NDArray place(NDArray cols, long n, long out, long h, long w, long[] k, long[] s, long[] d) {
        long fullH = (h - 1) * s[0] + (k[0] - 1) * d[0] + 1;
        long fullW = (w - 1) * s[1] + (k[1] - 1) * d[1] + 1;
        long spanH = (h - 1) * s[0] + 1;
        long spanW = (w - 1) * s[1] + 1;
        NDArray sum = null;
        for (long a = 0; a < k[0]; a++) {
            for (long b = 0; b < k[1]; b++) {
                NDArray p = cols.get(new NDIndex().addAllDim().addAllDim().addIndices(a, b)); // (N, out, H, W)
                if (s[0] > 1 || s[1] > 1) { // zeros between the values: (N, out, H, sh, W, sw), then cut the tail
                    p = p.reshape(n, out, h, 1, w, 1).pad(new Shape(0, s[1] - 1, 0, 0, 0, s[0] - 1), 0)
                            .reshape(n, out, h * s[0], w * s[1])
                            .get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, spanH).addSliceDim(0, spanW));
                }
                long top = a * d[0];
                long left = b * d[1];
                p = p.pad(new Shape(left, fullW - spanW - left, top, fullH - spanH - top), 0);
                sum = sum == null ? p : sum.add(p);
            }
        }
        return sum;
    }

    /** Removes the pads and adds the output padding (zeros at the end of each spatial axis). */
    private NDArray crop(NDArray y, boolean oneD) {
        int spatial = kernel.length;
        long[] torchPads = new long[4];
        for (int i = 0; i < spatial; i++) {
            int axis = oneD ? 1 : i; // position among (H, W)
            torchPads[2 * (1 - axis)] = -padBegin[i];
            torchPads[2 * (1 - axis) + 1] = outputPadding[i] - padEnd[i];
        }
        y = y.pad(new Shape(torchPads), 0);
        return oneD ? y.squeeze(2) : y;
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
