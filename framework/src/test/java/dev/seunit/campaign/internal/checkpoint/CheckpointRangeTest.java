package dev.seunit.campaign.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

import dev.seunit.transform.ActivationBlock;
import dev.seunit.transform.ActivationKind;

/**
 * The range a checkpoint's box is cut to: a faulty run's value at an activation's output is that
 * activation's output too, so only its range needs certifying; any other layer leaves the box
 * as it is.
 */
class CheckpointRangeTest {

    private static NDManager manager;
    private static NDArray like;

    @BeforeAll
    static void values() {
        manager = NDManager.newBaseManager("PyTorch");
        like = manager.create(new float[] {-2f, 0f, 3f, 7f}, new Shape(1, 4));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static float[] range(Block leaf) {
        return IntervalBounds.range(leaf, new ParameterStore(manager, false), like);
    }

    @Test
    void reluOutputsNeverGoBelowZero() {
        assertThat(range(Activation.reluBlock())).containsExactly(0f, Float.POSITIVE_INFINITY);
        assertThat(range(ActivationBlock.of(ActivationKind.RELU))).containsExactly(0f, Float.POSITIVE_INFINITY);
    }

    @Test
    void boundedActivationsKeepTheirOutputsInTheirRange() {
        assertThat(range(Activation.sigmoidBlock())).containsExactly(0f, 1f);
        assertThat(range(ActivationBlock.of(ActivationKind.HARD_SIGMOID))).containsExactly(0f, 1f);
        assertThat(range(ActivationBlock.of(ActivationKind.TANH))).containsExactly(-1f, 1f);
        assertThat(range(ActivationBlock.of(ActivationKind.RELU6))).containsExactly(0f, 6f);
    }

    @Test
    void clippedActivationsKeepTheirOutputsWithinTheClip() {
        assertThat(range(ActivationBlock.clipped(ActivationKind.RELU, 0f, 2.5f))).containsExactly(0f, 2.5f);
    }

    @Test
    void otherLayersLeaveTheBoxOpen() {
        Block dropout = Dropout.builder().optRate(0.5f).build();
        dropout.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, like.getShape());
        assertThat(range(dropout)).containsExactly(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }
}
