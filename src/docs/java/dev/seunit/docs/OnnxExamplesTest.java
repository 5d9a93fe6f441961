package dev.seunit.docs;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.junit.Quantized;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.transform.Precision;

/**
 * The guide's "Bring your model" snippets, on the framework's zoo MLP exported by
 * torch.onnx.export (Flatten, fc1/fc2/fc3 as Gemm, ReLU, Tanh, Softmax; input (N, 1, 8, 8),
 * 10 classes), copied to models/mlp.onnx.
 */
class OnnxExamplesTest {

    // tag::annotated[]
    @ModelUnderTest
    static String model() {
        return "models/mlp.onnx"; // a class-path resource or a file ending in .onnx; a Path works too
    }
    // end::annotated[]

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        manager.getEngine().setRandomSeed(3);
        return manager.randomNormal(new Shape(8, 1, 8, 8));
    }

    // tag::activations[]
    @FaultCampaign(target = FaultTarget.ACTIVATIONS, layers = "/fc*/Gemm", injections = 200, seed = 7) // node names
    void flipsInTheLinearLayersOutputs(CampaignResult result) {
        assertThat(result).hasInjections(200).layer("/fc1/Gemm").outcomeRate(Outcome.MASKED, Outcome.BENIGN)
                .hasLowerBoundAbove(0.5);
    }
    // end::activations[]

    // tag::variants[]
    @FaultCampaign(layers = "fc2.*", bits = BitSelection.Kind.MSB, injections = 100, seed = 7) // parameters as in PyTorch
    @Quantized({Precision.FLOAT32, Precision.INT8}) // SEUnit derives the int8 variant from the imported graph
    void msbFlipsOfTheHiddenLayer(CampaignResult result) {
        assertThat(result).hasInjections(100);
    }
    // end::variants[]

    @Test
    void importedByHand() throws Exception {
        Path file = Path.of(OnnxExamplesTest.class.getResource("/models/mlp.onnx").toURI());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray inputs = inputs(manager);
            // tag::programmatic[]
            try (InjectableModel model = InjectableModel.loadOnnx(file);
                 GoldenRun golden = GoldenRun.of(model, inputs)) {
                assertThat(model.parameters()).extracting(ParameterInfo::name)
                        .containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");
                assertThat(golden.layerOutputs()).hasSize(7); // one per node: Flatten, Gemm, Relu, ..., Softmax
                CampaignResult result = Campaign.builder(golden).target(FaultTarget.ACTIVATIONS).bits(BitSelection.MSB)
                        .budget(Budget.count(50)).seed(1).progress(ProgressListener.NONE).build().run();
                assertThat(result).hasInjections(50);
            }
            // end::programmatic[]
        }
    }
}
