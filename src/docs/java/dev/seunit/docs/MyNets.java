package dev.seunit.docs;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import dev.seunit.transform.ActivationBlock;
import dev.seunit.transform.ActivationKind;

/**
 * Stands for the user's own networks in the guide's snippets ({@code MyNets.trained(manager)}): a
 * tiny seeded CNN, conv 3x3 (1 -> 4 channels) -> activation -> flatten -> linear (-> 3 classes),
 * for inputs of shape (8, 1, 8, 8). Its parameters are {@code 01Conv2d_weight},
 * {@code 01Conv2d_bias}, {@code 04Linear_weight} and {@code 04Linear_bias}.
 */
final class MyNets {

    static final Shape INPUT_SHAPE = new Shape(8, 1, 8, 8);

    private MyNets() {
    }

    /** The network "trained" with ReLU (DJL's own ReLU block). */
    static Block trained(NDManager manager) {
        Engine.getInstance().setRandomSeed(1);
        return build(manager, Activation.reluBlock());
    }

    /** The network "trained" with {@code activation}, for model sources that build each variant. */
    static Block trained(NDManager manager, ActivationKind activation) {
        Engine.getInstance().setRandomSeed(1);
        return build(manager, ActivationBlock.of(activation == null ? ActivationKind.RELU : activation));
    }

    /**
     * The network with a batch norm after its conv: conv 3x3 (1 -> 4) -> batch norm -> ReLU ->
     * flatten -> linear; its batch-norm parameters are {@code 02BatchNorm_gamma}, {@code _beta},
     * {@code _runningMean} (all 0) and {@code _runningVar} (all 1), as DJL initializes them.
     */
    static Block withBatchNorm(NDManager manager) {
        Engine.getInstance().setRandomSeed(1);
        Block cnn = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        cnn.initialize(manager, DataType.FLOAT32, INPUT_SHAPE);
        return cnn;
    }

    private static Block build(NDManager manager, Block activation) {
        Block cnn = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(activation)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        cnn.initialize(manager, DataType.FLOAT32, INPUT_SHAPE);
        return cnn;
    }
}
