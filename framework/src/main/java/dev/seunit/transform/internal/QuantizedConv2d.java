package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** An int8 2-D convolution (see {@link AbstractQuantized}); NCHW, like DJL's {@link Conv2d}. */
@API(status = INTERNAL, since = "0.1")
public final class QuantizedConv2d extends AbstractQuantized {

    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;
    private final int groups;

    private QuantizedConv2d(NDArray int8Weight, NDArray int32Bias, float inputScale, float[] weightScales, Shape kernel,
            Shape stride, Shape padding, Shape dilation, int groups, NDManager manager) {
        super(int8Weight, int32Bias, inputScale, weightScales, new Shape(weightScales.length, 1, 1), manager);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
    }

    /** Quantizes {@code conv} whose (batch-norm folded) weights and bias are given; arrays belong to {@code manager}. */
    public static QuantizedConv2d of(Conv2d conv, float[] weights, float[] bias, float inputScale, NDManager manager) {
        Shape shape = Layers.weight(conv).getArray().getShape();
        Int8.Weights q = Int8.weights(weights, (int) shape.get(0));
        return new QuantizedConv2d(manager.create(q.values(), shape),
                bias == null ? null : manager.create(Int8.bias(bias, inputScale, q.scales())), inputScale, q.scales(),
                conv.getKernelShape(), conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups(), manager);
    }

    @Override
    public QuantizedConv2d copy(NDManager manager) {
        return new QuantizedConv2d(copyOf(int8Weight(), manager),
                int32Bias() == null ? null : copyOf(int32Bias(), manager), inputScale, weightScales, kernel, stride,
                padding, dilation, groups, manager);
    }

    @Override
    protected NDArray accumulate(NDArray input, NDArray weight, NDArray bias) {
        return Conv2d.conv2d(input, weight, bias, stride, padding, dilation, groups).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] out = {in.get(0), weightScales.length, 0, 0};
        for (int d = 0; d < 2; d++) {
            out[2 + d] = (in.get(2 + d) + 2 * padding.get(d) - dilation.get(d) * (kernel.get(d) - 1) - 1) / stride.get(d)
                    + 1;
        }
        return new Shape[] {new Shape(out)};
    }
}
