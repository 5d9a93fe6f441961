package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

import org.junit.jupiter.api.Test;

import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.model.InjectableModel;

/** A fault that makes inference throw or hang is a DUE with its cause; the model is restored either way. */
class FaultsDuringInferenceTest {

    /** Linear(2 -> 2) with weights 1.0, then a layer that misbehaves on values above 1e30. */
    private static SequentialBlock net(NDManager manager, boolean hang) {
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(2).build())
                .add(new LambdaBlock(list -> {
                    NDArray x = list.head();
                    if (x.abs().max().getFloat() > 1e30f) {
                        if (!hang) {
                            throw new IllegalStateException("activation out of range: " + x.abs().max().getFloat());
                        }
                        try {
                            Thread.sleep(400);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return new NDList(x);
                }, "Guard"));
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        net.getParameters().get("01Linear_weight").getArray().set(new float[] {0.5f, 0.5f, 0.5f, 0.5f});
        return net;
    }

    private static final FaultScenario MSB_OF_FIRST_WEIGHT = FaultScenario.of(
            Fault.bitFlip(FaultSite.parameter("01Linear_weight", "01Linear", 0), NumberFormat.FLOAT32, 30));

    @Test
    void anExceptionDuringInferenceIsADueWithItsCauseAndTheModelIsRestored() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = InjectableModel.of("guarded", net(manager, false));
                GoldenRun golden = GoldenRun.of(model, manager.ones(new Shape(1, 2)))) {
            String checksum = model.checksum();
            Campaign campaign = Campaign.builder(golden).progress(ProgressListener.NONE).build();

            InjectionRecord record = campaign.inject(0, MSB_OF_FIRST_WEIGHT);

            assertThat(record.outcome()).isEqualTo(Outcome.DUE);
            assertThat(record.error()).startsWith("IllegalStateException: activation out of range");
            assertThat(model.checksum()).isEqualTo(checksum);
        }
    }

    @Test
    void anInferenceLongerThanTheTimeoutIsADueAndIsAwaitedBeforeTheRestore() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = InjectableModel.of("hanging", net(manager, true));
                GoldenRun golden = GoldenRun.of(model, manager.ones(new Shape(1, 2)))) {
            String checksum = model.checksum();
            Campaign campaign = Campaign.builder(golden).timeout(Duration.ofMillis(100))
                    .progress(ProgressListener.NONE).build();

            long start = System.nanoTime();
            InjectionRecord hung = campaign.inject(0, MSB_OF_FIRST_WEIGHT);
            long took = (System.nanoTime() - start) / 1_000_000;
            InjectionRecord quick = campaign.inject(1, FaultScenario.of(
                    Fault.bitFlip(FaultSite.parameter("01Linear_weight", "01Linear", 0), NumberFormat.FLOAT32, 0)));

            assertThat(hung.outcome()).isEqualTo(Outcome.DUE);
            assertThat(hung.error()).contains("longer than the timeout of 100 ms");
            assertThat(took).as("the hung inference was awaited").isGreaterThanOrEqualTo(400);
            assertThat(quick.outcome()).isIn(Outcome.MASKED, Outcome.BENIGN);
            assertThat(model.checksum()).isEqualTo(checksum);
        }
    }

    @Test
    void aCampaignWithATimeoutRunsAndReportsTheNaivePath() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
                InjectableModel model = InjectableModel.of("quick", net(manager, false));
                GoldenRun golden = GoldenRun.of(model, manager.ones(new Shape(1, 2)))) {
            Campaign.Builder builder = Campaign.builder(golden).execution(Execution.FAST).budget(Budget.count(5))
                    .progress(ProgressListener.NONE);
            Campaign timed = builder.timeout(Duration.ofSeconds(5)).build();

            assertThat(timed.info().execution()).isEqualTo(Execution.NAIVE);
            assertThat(timed.run().info().execution()).isEqualTo(Execution.NAIVE);
            assertThat(timed.info().fingerprint()).isNotEqualTo(
                    Campaign.builder(golden).execution(Execution.FAST).budget(Budget.count(5)).build().info().fingerprint());
        }
    }
}
