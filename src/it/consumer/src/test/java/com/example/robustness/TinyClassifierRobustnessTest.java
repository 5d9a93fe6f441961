package com.example.robustness;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;

import java.nio.file.Path;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.FaultProperty;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.junit.ScenarioRunner;

/**
 * What a user's project writes: a tiny classifier built in the test, a statistical campaign and a
 * property over drawn faults. Compiled and run against the installed SEUnit artifacts.
 */
class TinyClassifierRobustnessTest {

    /** Says which JUnit the tests run on (the consumer check builds this project on JUnit 5 and on JUnit 6). */
    @BeforeAll
    static void printTheJUnitVersion() throws Exception {
        System.out.println("Running on " + Path.of(Test.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName());
    }

    @ModelUnderTest
    static Block model(NDManager manager) {
        manager.getEngine().setRandomSeed(1);
        Block cnn = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        cnn.initialize(manager, DataType.FLOAT32, new Shape(8, 1, 8, 8));
        return cnn;
    }

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        manager.getEngine().setRandomSeed(2);
        return manager.randomUniform(0, 1, new Shape(8, 1, 8, 8));
    }

    /** Low mantissa bits change a value by a few ulps: never a DUE, rarely a changed prediction. */
    @FaultCampaign(bitList = {0, 1, 2, 3}, injections = 300, seed = 42)
    @MaxErrorRate(value = 0.05, outcome = {Outcome.CRITICAL, Outcome.DUE})
    void lowMantissaFlipsAreHarmless(CampaignResult result) {
        assertThat(result).hasInjections(300).hasNoDue();
    }

    /** Whatever sign flip hits the model, the inference finishes and the model is restored after it. */
    @FaultProperty(tries = 40, bits = BitSelection.Kind.SIGN, faultsPerScenario = 2, seed = 7)
    void signFlipsNeverStopTheInference(FaultScenario scenario, ScenarioRunner runner) {
        InjectionRecord record = runner.inject(scenario);
        org.assertj.core.api.Assertions.assertThat(record.nonFinite()).isZero();
    }
}
