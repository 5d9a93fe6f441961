package dev.seunit.examples.onnx;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.Outcome;
import dev.seunit.examples.fashion.FashionMnist;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.Inputs;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.junit.Pruned;
import dev.seunit.junit.Quantized;
import dev.seunit.model.InjectableModel;
import dev.seunit.transform.Precision;
import dev.seunit.transform.Variant;

/**
 * A network trained in PyTorch and handed to SEUnit as ONNX, as its user would: the examples'
 * Fashion-MNIST CNN (the TorchScript test's weights) exported with {@code torch.onnx.export}
 * ({@code fashion_cnn.onnx}, made by {@code make_fashion_onnx.py} next to it). Imported into DJL
 * blocks, it gets what a TorchScript file cannot: activation faults, the FAST engine, and
 * variants derived by SEUnit (structured pruning, int8), with the annotations, AssertJ
 * assertions and Allure report of any other test.
 */
class FashionOnnxTest {

    static final String MODEL = "dev/seunit/examples/onnx/fashion_cnn.onnx";

    /** A class-path resource (or a file path) ending in .onnx: SEUnit imports it with {@code InjectableModel.loadOnnx}. */
    @ModelUnderTest
    static final String ONNX_MODEL = MODEL;

    @InputsUnderTest
    static Inputs testImages(NDManager manager) {
        FashionMnist.Data data = FashionMnist.shippedTest(manager, 64); // scaled to [0, 1], as in training
        return Inputs.of(data.images(), data.labels());
    }

    @Test
    void theImportedNetworkClassifiesAsTheTorchScriptOneDoes() throws URISyntaxException {
        Path file = Paths.get(getClass().getClassLoader().getResource(MODEL).toURI());
        try (InjectableModel model = InjectableModel.loadOnnx(file); NDManager manager = NDManager.newBaseManager()) {
            FashionMnist.Data data = FashionMnist.shippedTest(manager, FashionMnist.SHIPPED);
            double accuracy = FashionMnist.accuracy(model.forward(new NDList(data.images())).head(), data);
            System.out.printf(Locale.ROOT, "[onnx] %s: top-1 accuracy %.4f on %d shipped images%n", MODEL, accuracy,
                    FashionMnist.SHIPPED);
            // the TorchScript file with the same weights measures 0.9067 (FashionTorchScriptTest)
            assertThat(accuracy).isCloseTo(0.9067, org.assertj.core.data.Offset.offset(0.005));
            assertThat(model.parameter("bn2.running_var").shape().get(0)).isEqualTo(16);
        }
    }

    @FaultCampaign(bits = BitSelection.Kind.MSB, criticalShare = 0.02, injections = 400, seed = 2412)
    void msbFlipsOfWeights(CampaignResult result) {
        print(result);
        assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasLowerBoundAbove(0.5);
        // parameters keep their PyTorch names: select them as in the state_dict
        assertThat(result).layer("fc.weight").outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasLowerBoundAbove(0.5);
    }

    /** Activation faults: every node's output (Conv, BatchNormalization, Relu, MaxPool, Flatten, Gemm) is a fault site. */
    @FaultCampaign(target = FaultTarget.ACTIVATIONS, bits = BitSelection.Kind.ALL, criticalShare = 0.02,
            injections = 600, seed = 2412)
    @MaxErrorRate(value = 0.10, outcome = {Outcome.CRITICAL, Outcome.DUE})
    void anyBitFlipsOfActivations(CampaignResult result) {
        print(result);
        assertThat(result).layer("/conv1/Conv").outcomeRate(Outcome.MASKED, Outcome.BENIGN).hasLowerBoundAbove(0.8);
        assertThat(result).bit(30).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasLowerBoundAbove(0.05);
    }

    /** Variants SEUnit derives from the imported graph: conv1 and conv2 lose half their channels, then int8. */
    @FaultCampaign(bits = BitSelection.Kind.MSB, criticalShare = 0.02, injections = 300, seed = 2412)
    @Pruned({0, 50})
    @Quantized({Precision.FLOAT32, Precision.INT8})
    void msbFlipsOfVariants(CampaignResult result, Variant variant) {
        print(result);
        if (variant.precision() == Precision.INT8) {
            // int8 words have no Inf or NaN to flip into, and their MSB flips move a weight by half its range
            assertThat(result).hasNoDue().outcomeRate(Outcome.CRITICAL).hasUpperBoundAtMost(0.5);
        } else {
            assertThat(result).outcomeRate(Outcome.CRITICAL, Outcome.DUE).hasLowerBoundAbove(0.5);
        }
    }

    private static void print(CampaignResult r) {
        System.out.printf(Locale.ROOT, "[onnx] %-40s critical %s  DUE %s  SDC %s  %.0f inj/s%n", r.info().name(),
                r.rate(Outcome.CRITICAL), r.rate(Outcome.DUE), r.rate(Outcome.SDC), r.injectionsPerSecond());
    }
}
