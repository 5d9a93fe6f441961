package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;

import org.junit.jupiter.api.Test;

import dev.seunit.model.InjectableModel;
import dev.seunit.testing.TinyNets;

class DatasetInputsTest {

    @Test
    void inputsAndLabelsCanComeFromADjlDataset() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = InjectableModel.of(TinyNets.convNet(manager))) {
            NDArray x = TinyNets.inputs(manager);
            NDArray y = manager.create(new int[] {0, 1, 1, 2});
            ArrayDataset dataset = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(2, false).build();
            try (GoldenRun golden = GoldenRun.of(model, dataset, 3)) {
                assertThat(golden.inputCount()).isEqualTo(3);
                assertThat(golden.labels()).containsExactly(0, 1, 1);
                CampaignResult result = Campaign.builder(golden).budget(Budget.count(50))
                        .progress(ProgressListener.NONE).build().run();
                assertThat(result.info().inputs()).isEqualTo(3);
                // golden accuracy against the labels is recorded
                assertThat(result.info().goldenMetric()).isBetween(0.0, 1.0);
                assertThat(result.records()).filteredOn(r -> r.outcome() == Outcome.MASKED)
                        .allSatisfy(r -> assertThat(r.metric()).isEqualTo(result.info().goldenMetric()));
            }
        }
    }
}
