package dev.seunit.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.ErrorPropagation;
import dev.seunit.campaign.Execution;
import dev.seunit.campaign.FaultTarget;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.LayerDeviation;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.campaign.Task;
import dev.seunit.fault.BitSelection;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;

/**
 * SEUnit's engines on imported models, as ExecutionModesTest checks them on Java-built nets:
 * EXACT gives NAIVE's records bit for bit (replayed from each fault's layer), FAST the same
 * outcomes on at least 99.9% of the scenarios (the one accepted disagreement: MASKED versus
 * BENIGN with no prediction changed), for weight and activation faults; the model is unchanged
 * after each campaign; ErrorPropagation follows a fault node by node.
 */
class OnnxEngineTest {

    private static OnnxZoo.Loaded loaded;

    @BeforeAll
    static void load() {
        loaded = new OnnxZoo.Loaded();
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    private static Task task(String name) {
        return OnnxZoo.get(name).task().equals("segmentation") ? Task.segmentation() : Task.classification();
    }

    private static CampaignResult run(String name, FaultTarget target, int count, Execution mode) {
        return Campaign.builder(loaded.golden(name)).target(target).bits(BitSelection.ALL).task(task(name))
                .budget(Budget.count(count)).seed(23).execution(mode).progress(ProgressListener.NONE).build().run();
    }

    static Stream<Arguments> campaigns() {
        return OnnxZoo.all().stream().flatMap(e -> Stream.of(Arguments.of(e.name(), FaultTarget.PARAMETERS),
                Arguments.of(e.name(), FaultTarget.ACTIVATIONS)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("campaigns")
    void exactIsNaiveBitForBitAndFastAgreesOnTheOutcomes(String name, FaultTarget target) {
        int count = 150;
        String checksum = loaded.golden(name).model().checksum();
        CampaignResult naive = run(name, target, count, Execution.NAIVE);
        CampaignResult exact = run(name, target, count, Execution.EXACT);
        assertThat(exact.engineStatistics().count(Count.REPLAYED)).as("scenarios replayed from their layer")
                .isEqualTo(count);
        CampaignResult fast = run(name, target, count, Execution.FAST);
        assertThat(fast.engineStatistics().count(Count.BATCHED)).as("scenarios run in stacked batches").isPositive();

        int agree = 0;
        for (int i = 0; i < count; i++) {
            InjectionRecord n = naive.records().get(i);
            InjectionRecord e = exact.records().get(i);
            InjectionRecord f = fast.records().get(i);
            assertThat(e.sameResultAs(n)).as("record %d: naive %s, exact %s", i, n, e).isTrue();
            assertThat(f.scenario()).isEqualTo(n.scenario());
            assertThat(f.wordsAfter()).isEqualTo(n.wordsAfter());
            if (f.outcome() == n.outcome()) {
                agree++;
                continue;
            }
            assertThat(List.of(n.outcome(), f.outcome())).as("record %d: naive %s, fast %s", i, n, f)
                    .containsExactlyInAnyOrder(Outcome.MASKED, Outcome.BENIGN);
            assertThat(n.changedPredictions() + f.changedPredictions()).isZero();
        }
        assertThat((double) agree / count).as("outcome agreement").isGreaterThanOrEqualTo(0.999);
        assertThat(naive.counts().count(Outcome.MASKED)).as("some faults masked").isLessThan(count);
        assertThat(loaded.golden(name).model().checksum()).isEqualTo(checksum);
    }

    @Test
    void errorPropagationFollowsAFaultNodeByNode() {
        GoldenRun golden = loaded.golden("resnet18");
        String parameter = "layer2.0.conv1.weight";
        String layer = golden.model().parameter(parameter).layer();
        FaultScenario scenario = FaultScenario.of(Fault.bitFlip(FaultSite.parameter(parameter, layer, 7),
                NumberFormat.FLOAT32, 30));
        List<LayerDeviation> trace = ErrorPropagation.trace(golden, scenario);

        assertThat(trace).extracting(LayerDeviation::layer).hasSize(golden.layerOutputs().size())
                .contains("/layer2/layer2.0/conv1/Conv", "/layer2/layer2.0/Add", "/fc/Gemm");
        int at = 0;
        while (!trace.get(at).layer().equals(layer)) {
            assertThat(trace.get(at).changed()).as("before the faulty node: %s", trace.get(at).layer()).isZero();
            at++;
        }
        assertThat(layer).isEqualTo("/layer2/layer2.0/conv1/Conv");
        assertThat(trace.get(at).changed()).as("the faulty node's own output").isPositive();
        assertThat(trace.get(trace.size() - 1).changed()).as("the network's output").isPositive();
    }
}
