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
 * Its layers are {@code 01Conv2d} (18 weights, 2 biases) and {@code 04Linear} (96 weights, 3 biases).
 * Channel 0 weights are all 1.0 (bias 0): positive inputs give positive activations, and a flip of
 * bit 30 (the float32 MSB) turns one into Infinity and the output non-finite (a DUE). Channel 1
 * weights are 0.1 with bias -100, so ReLU zeroes it for any input in [0, 1]: nothing that feeds
 * only channel 1 can change the output. A flip of one of the low mantissa bits changes a value by
 * a few ulps at most and never makes the output non-finite.
 */
public final class TinyNets {

    public static final Shape INPUT_SHAPE = new Shape(4, 1, 6, 6);
    public static final String CONV = "01Conv2d";
    public static final String LINEAR = "04Linear";
    public static final String CONV_WEIGHT = CONV + "_weight";
    public static final String CONV_BIAS = CONV + "_bias";
    public static final String LINEAR_WEIGHT = LINEAR + "_weight";
    /** Parameters of the conv layer: 18 weights and 2 biases. */
    public static final int CONV_PARAMETERS = 20;
    /** Parameters of the linear layer: 3 x 32 weights and 3 biases. */
    public static final int LINEAR_PARAMETERS = 99;

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
