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
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.model.ParameterInfo;

/**
 * The guide's "TorchScript models" snippets, on the framework's tiny TorchScript CNN
 * (conv1, conv2, bn2, fc; input (N, 1, 8, 8), 3 classes), copied to models/tiny_cnn.pt.
 */
class TorchScriptExamplesTest {

    // tag::annotated[]
    @ModelUnderTest
    static String model() {
        return "models/tiny_cnn.pt"; // a class-path resource or a file; a Path works too
    }
    // end::annotated[]

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        manager.getEngine().setRandomSeed(3);
        return manager.randomUniform(0, 1, new Shape(4, 1, 8, 8));
    }

    // tag::campaign[]
    @FaultCampaign(layers = "fc.*", bits = BitSelection.Kind.SIGN, exhaustive = true) // parameter names as in PyTorch
    void signFlipsOfTheClassifierHead(CampaignResult result) {
        assertThat(result).hasInjections(15).hasNoDue(); // fc: 4 x 3 weights + 3 biases
    }
    // end::campaign[]

    @Test
    void loadedByHand() throws Exception {
        Path file = Path.of(TorchScriptExamplesTest.class.getResource("/models/tiny_cnn.pt").toURI());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray inputs = inputs(manager);
            // tag::programmatic[]
            try (dev.seunit.model.InjectableModel model = dev.seunit.model.InjectableModel.loadTorchScript(file);
                 GoldenRun golden = GoldenRun.of(model, inputs)) {
                assertThat(model.parameters()).extracting(ParameterInfo::name)
                        .contains("conv1.weight", "bn2.weight", "fc.bias");
                CampaignResult result = Campaign.builder(golden).layers("conv2.*").bits(BitSelection.MSB)
                        .budget(Budget.count(50)).seed(1).progress(ProgressListener.NONE).build().run();
                assertThat(result).hasInjections(50);
            }
            // end::programmatic[]
        }
    }
}
