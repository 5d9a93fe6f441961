package dev.seunit.allure.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
 * A small campaign suite the report tests run through the JUnit Platform launcher (not a test
 * class of its own): a conv net with fixed weights, two activation variants the model source
 * builds itself, one campaign over every bit of every parameter and one property.
 */
public class SampleStudy {

    public static final String CAMPAIGN = "everyBitOfEveryParameter";

    /** The layers in the network's forward order; alphabetically, classifier would come first. */
    public static final List<String> LAYERS = List.of("stem", "act", "flatten", "classifier");

    static final Shape INPUT_SHAPE = new Shape(4, 1, 6, 6);

    /** A sequential net whose children keep the names given here (DJL would number them: 01Conv2d, ...). */
    static final class NamedLayers extends SequentialBlock {
        NamedLayers then(String name, Block child) {
            children.add(name, child);
            return this;
        }
    }

    @ModelUnderTest
    static SequentialBlock model(NDManager manager, Variant variant) {
        return net(manager, variant.activation() == ActivationKind.SIGMOID ? Activation.sigmoidBlock()
                : Activation.reluBlock());
    }

    /** The net with {@code activation} after its conv, initialized with fixed weights. */
    public static SequentialBlock net(NDManager manager, Block activation) {
        SequentialBlock net = new NamedLayers()
                .then(LAYERS.get(0), Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2).build())
                .then(LAYERS.get(1), activation)
                .then(LAYERS.get(2), Blocks.batchFlattenBlock())
                .then(LAYERS.get(3), Linear.builder().setUnits(3).build());
        net.initialize(manager, DataType.FLOAT32, INPUT_SHAPE);
        net.getParameters().forEach(p -> {
            NDArray a = p.getValue().getArray();
            float[] w = new float[(int) a.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (((i + p.getKey().length()) * 7919) % 29 - 14) / 9f; // fixed, some in [1, 2)
            }
            try (NDArray values = manager.create(w, a.getShape())) {
                a.set(new NDIndex("..."), values); // not set(float[]): PyTorch warns about the guard DJL uses there
            }
        });
        return net;
    }

    @InputsUnderTest
    public static NDArray inputs(NDManager manager) {
        float[] x = new float[(int) INPUT_SHAPE.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 37) % 101) / 101f;
        }
        return manager.create(x, INPUT_SHAPE);
    }

    @FaultCampaign(bits = BitSelection.Kind.ALL, injections = 400, seed = 11)
    @BoundedActivation({ActivationKind.RELU, ActivationKind.SIGMOID})
    @MaxErrorRate(value = 0.9, outcome = {Outcome.CRITICAL, Outcome.DUE})
    void everyBitOfEveryParameter(CampaignResult result) {
        assertThat(result.injections()).isEqualTo(400);
    }

    @FaultProperty(tries = 6, bitList = {0, 1}, seed = 4)
    void lowMantissaFlipsKeepThePrediction(Fault fault, ScenarioRunner runner) {
        assertThat(runner.inject(dev.seunit.fault.FaultScenario.of(fault)).outcome())
                .isIn(Outcome.MASKED, Outcome.BENIGN);
    }
}
