package dev.seunit.examples.quickstart;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;

/** The README's quick start, compiled and run: a campaign test as a user writes it. */
class QuickstartTest {

    @ModelUnderTest
    static Block model(NDManager manager) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(1);
        Block cnn = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        cnn.initialize(manager, DataType.FLOAT32, new Shape(8, 1, 8, 8));
        return cnn; // in a real suite: your trained network, or a TorchScript Path
    }

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        manager.getEngine().setRandomSeed(2);
        return manager.randomUniform(0, 1, new Shape(8, 1, 8, 8));
    }

    // tag::campaign[]
    @FaultCampaign(bitList = {0, 1, 2, 3}, injections = 500, seed = 42) // low mantissa bits of every parameter
    @MaxErrorRate(value = 0.02, outcome = {Outcome.CRITICAL, Outcome.DUE})
    void lowMantissaFlipsAreHarmless(CampaignResult result) {
        assertThat(result).hasNoDue()
                .outcomeRate(Outcome.SDC, Outcome.CRITICAL).hasUpperBoundAtMost(0.02);
    }
    // end::campaign[]
}
