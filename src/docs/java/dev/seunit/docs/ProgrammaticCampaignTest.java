package dev.seunit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.BitSelection;
import dev.seunit.fault.FaultModel;
import dev.seunit.model.InjectableModel;
import dev.seunit.stats.Rate;

/** The framework without JUnit annotations: the README's and the guide's programmatic campaign. */
class ProgrammaticCampaignTest {

    @Test
    void aCampaignWithoutAnnotations() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block block = MyNets.trained(manager);
            NDArray inputs = MyData.validationBatch(manager);
            Files.deleteIfExists(Path.of("target/seunit/result.json"));
            // tag::campaign-api[]
            try (InjectableModel model = InjectableModel.of("my-cnn", block);          // or InjectableModel.loadTorchScript(path)
                 GoldenRun golden = GoldenRun.of(model, inputs)) {                   // golden outputs computed once
                CampaignResult result = Campaign.builder(golden)
                        .layers("*Conv2d*")                    // glob or regex: over parameter and layer names
                        .bits(BitSelection.MSB)                // bit 30 of float32: 1 <= |x| < 2 becomes Inf/NaN
                        .faultModel(FaultModel.bitFlip())      // or adjacentBits(k), randomBits(k), stuckAt0/1(), randomValue()
                        .budget(Budget.statistical(0.01, 0.99)) // Leveugle et al. sample size per layer; or count(n), exhaustive()
                        .seed(42)
                        .build().run();
                Rate critical = result.rate(Outcome.CRITICAL); // estimate + Clopper-Pearson interval
                result.byLayer(); result.byBit(); result.byMagnitude();
                result.writeJson(Path.of("target/seunit/result.json"));
            }
            // end::campaign-api[]
        }
        String json = Files.readString(Path.of("target/seunit/result.json"));
        assertThat(json).contains("01Conv2d_weight").doesNotContain("04Linear");
    }
}
