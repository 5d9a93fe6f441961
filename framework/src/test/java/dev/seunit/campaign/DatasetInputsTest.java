package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
                // golden accuracy against the labels is recorded: the share of the first 3 inputs whose
                // top-1 class (computed here on its own) is their label
                long[] top1 = model.forward(new NDList(x.get("0:3"))).head().argMax(1).toLongArray();
                long[] labels = {0, 1, 1};
                long correct = java.util.stream.IntStream.range(0, 3).filter(i -> top1[i] == labels[i]).count();
                assertThat(result.info().goldenMetric()).isEqualTo(correct / 3.0);
                assertThat(result.records()).filteredOn(r -> r.outcome() == Outcome.MASKED)
                        .allSatisfy(r -> assertThat(r.metric()).isEqualTo(result.info().goldenMetric()));
            }
        }
    }
}
