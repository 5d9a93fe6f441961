package dev.seunit.junit.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * A planted bug that needs two specific faults: class 0's logit is relu(a) + relu(b) with
 * a = b = 1 and class 1's is 0.5, so one path alone keeps class 0 and only killing both
 * (sign flips of {@code 01Linear_weight[0]} and {@code [3]}) changes the prediction.
 */
public final class TwoPathNet {

    public static final String FIRST_WEIGHT = "01Linear_weight";

    private TwoPathNet() {
    }

    public static SequentialBlock net(NDManager manager) {
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(2).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(2).build());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        net.getParameters().get("01Linear_weight").getArray().set(new float[] {1, 0, 0, 1});
        net.getParameters().get("01Linear_bias").getArray().set(new float[] {0, 0});
        net.getParameters().get("03Linear_weight").getArray().set(new float[] {1, 1, 0, 0});
        net.getParameters().get("03Linear_bias").getArray().set(new float[] {0, 0.5f});
        return net;
    }

    public static NDArray input(NDManager manager) {
        return manager.create(new float[] {1, 1}, new Shape(1, 2));
    }
}
