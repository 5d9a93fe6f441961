package dev.seunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.testing.Kit;
import dev.seunit.testing.TinyNets;
import dev.seunit.transform.ActivationKind;

/** The same {@code @FaultCampaign} tests, unchanged, on Spark when {@code seunit.spark.master} is set. */
class SparkCampaignTest {

    static final Map<String, String> RECORDS = new ConcurrentHashMap<>();

    static class Campaigns {
        @ModelUnderTest
        static Block model(NDManager manager) {
            return TinyNets.convNet(manager);
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        static void keep(String name, CampaignResult result) {
            StringBuilder s = new StringBuilder();
            for (InjectionRecord r : result.records()) {
                s.append(r.index()).append(' ').append(r.scenario()).append(' ').append(r.outcome()).append(' ')
                        .append(r.changedPredictions()).append(' ').append(r.maxAbsDelta()).append('\n');
            }
            RECORDS.put(name, s.toString());
        }

        @FaultCampaign(injections = 150, seed = 1)
        @MaxErrorRate(value = 0.001, outcome = Outcome.DUE)
        void allBits(CampaignResult result) {
            keep("allBits", result);
        }

        /** Grows from 40 injections while the gate is undecided: several Spark jobs of one campaign. */
        @FaultCampaign(bits = BitSelection.Kind.EXPONENT, injections = 40, seed = 2)
        @MaxErrorRate(value = 0.08, outcome = Outcome.DUE, maxInjections = 320)
        void growing(CampaignResult result) {
            keep("growing", result);
        }

        @FaultCampaign(target = dev.seunit.campaign.FaultTarget.ACTIVATIONS, injections = 100, seed = 3)
        void activations(CampaignResult result) {
            keep("activations", result);
        }
    }

    static class AVariant {
        @ModelUnderTest
        static Block model(NDManager manager) {
            return TinyNets.convNet(manager);
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultCampaign(injections = 20)
        @BoundedActivation(ActivationKind.RELU6)
        void bounded(CampaignResult result) {
        }
    }

    private static Map<String, String> verdicts(EngineExecutionResults results) {
        Map<String, String> verdicts = new TreeMap<>();
        results.testEvents().finished().stream().forEach(e -> verdicts.put(e.getTestDescriptor().getDisplayName(),
                e.getRequiredPayload(TestExecutionResult.class).getStatus().toString()));
        return verdicts;
    }

    @Test
    void theSameTestsOnLocalSparkGiveTheSameVerdictsAndRecords() {
        RECORDS.clear();
        Map<String, String> oneJvm = verdicts(Kit.run(Campaigns.class));
        Map<String, String> recordsOfOneJvm = new TreeMap<>(RECORDS);
        RECORDS.clear();

        Map<String, String> onSpark = verdicts(Kit.run(Campaigns.class, Map.of("seunit.spark.master", "local[2]",
                "seunit.spark.scenariosPerTask", "30")));

        assertThat(oneJvm).hasSize(3).containsValue("FAILED"); // the DUE gates fail: the verdict travels too
        assertThat(onSpark).isEqualTo(oneJvm);
        assertThat(RECORDS).isEqualTo(recordsOfOneJvm);
        assertThat(recordsOfOneJvm.get("growing").lines().count()).as("grown beyond its first 40").isGreaterThan(40);
    }

    @Test
    void aVariantOnSparkIsAClearError() {
        EngineExecutionResults results = Kit.run(AVariant.class, Map.of("seunit.spark.master", "local[1]"));
        assertThat(results.testEvents().failed().stream().map(e -> e.getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow().getMessage()).toList())
                .singleElement().asString().contains("is derived in the test's JVM", "seunit.spark.master");
    }

    @Test
    void aBadNumberOfScenariosPerTaskIsAClearError() {
        EngineExecutionResults results = Kit.run(Campaigns.class, Map.of("seunit.spark.master", "local[1]",
                "seunit.spark.scenariosPerTask", "many"));
        assertThat(results.testEvents().failed().stream().map(e -> e.getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow().getMessage()).toList())
                .allSatisfy(m -> assertThat(m).contains("seunit.spark.scenariosPerTask must be a whole number"));
    }
}
