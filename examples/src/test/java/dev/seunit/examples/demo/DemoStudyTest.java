package dev.seunit.examples.demo;

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
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.BoundedActivation;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.FaultProperty;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.junit.ScenarioRunner;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Variant;

/**
 * The demo robustness study the main job reports on: a small seeded CNN with an unbounded
 * (ReLU) and a bounded (ReLU6) activation, campaigns over every bit and over the MSB, and a
 * property over low mantissa flips. With {@code seunit-allure} on the class path every campaign
 * lands in the Allure report with its tables and charts.
 */
class DemoStudyTest {

    static final Shape INPUT = new Shape(8, 1, 8, 8);

    @ModelUnderTest
    static Block model(NDManager manager, Variant variant) {
        manager.getEngine().setRandomSeed(1);
        Block activation = variant.activation() == ActivationKind.RELU6 ? Activation.relu6Block()
                : Activation.reluBlock();
        Block cnn = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(activation)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        cnn.initialize(manager, DataType.FLOAT32, INPUT);
        return cnn;
    }

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        manager.getEngine().setRandomSeed(2);
        return manager.randomUniform(0, 1, INPUT);
    }

    @FaultCampaign(bits = BitSelection.Kind.ALL, injections = 300, seed = 7)
    @BoundedActivation({ActivationKind.RELU, ActivationKind.RELU6})
    @MaxErrorRate(value = 0.25, outcome = {Outcome.CRITICAL, Outcome.DUE})
    void everyBitOfEveryParameter(CampaignResult result) {
        assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasUpperBoundAtMost(0.25);
    }

    @FaultCampaign(bits = BitSelection.Kind.MSB, injections = 100, seed = 7)
    @BoundedActivation({ActivationKind.RELU, ActivationKind.RELU6})
    void msbFlips(CampaignResult result) {
        // 100 planned (times seunit.budget.scale: 10 under -Pfull), never more than the MSB sites there are
        long planned = result.info().budget().count();
        org.assertj.core.api.Assertions.assertThat(planned % 100).isZero();
        org.assertj.core.api.Assertions.assertThat((long) result.injections())
                .isEqualTo(Math.min(planned, result.info().spaceSize()));
    }

    @FaultProperty(tries = 6, bitList = {0, 1, 2}, seed = 3)
    void lowMantissaFlipsKeepThePrediction(Fault fault, ScenarioRunner runner) {
        org.assertj.core.api.Assertions.assertThat(runner.inject(FaultScenario.of(fault)).outcome())
                .isIn(Outcome.MASKED, Outcome.BENIGN);
    }
}
