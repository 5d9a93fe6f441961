package dev.seunit.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/**
 * A small conv net with set weights: conv 3x3 (1 -> 2 channels) -> ReLU -> flatten -> linear (-> 3).
 * Channel 0 weights are all 1.0 (bias 0): positive inputs give positive activations. Channel 1
 * weights are 0.1 with bias -100, so ReLU zeroes it for any input in [0, 1]: nothing that feeds
 * only channel 1 can change the output.
 */
public final class TinyNets {

    public static final Shape INPUT_SHAPE = new Shape(4, 1, 6, 6);
    public static final String CONV_WEIGHT = "01Conv2d_weight";
    public static final String CONV_BIAS = "01Conv2d_bias";
    public static final String LINEAR_WEIGHT = "04Linear_weight";

    private TinyNets() {
    }

    public static SequentialBlock convNet(NDManager manager) {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2).build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        net.initialize(manager, DataType.FLOAT32, INPUT_SHAPE);
        float[] conv = new float[2 * 9];
        for (int i = 0; i < 9; i++) {
            conv[i] = 1.0f;
            conv[9 + i] = 0.1f;
        }
        parameter(net, CONV_WEIGHT).getArray().set(conv);
        parameter(net, CONV_BIAS).getArray().set(new float[] {0f, -100f});
        NDArray linear = parameter(net, LINEAR_WEIGHT).getArray();
        float[] w = new float[(int) linear.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = ((i * 7919) % 13 - 6) / 10f; // fixed, mixed signs
        }
        linear.set(w);
        return net;
    }

    /** Deterministic inputs in [0, 1) of {@link #INPUT_SHAPE}. */
    public static NDArray inputs(NDManager manager) {
        float[] x = new float[(int) INPUT_SHAPE.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 37) % 101) / 101f;
        }
        return manager.create(x, INPUT_SHAPE);
    }

    public static Parameter parameter(SequentialBlock net, String name) {
        return net.getParameters().get(name);
    }
}
