package dev.seunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.junit.testing.Kit;

/**
 * The same {@code @FaultCampaign} test classes, unchanged, on Spark when {@code seunit.spark.master}
 * is set: the sample classes of {@link ParallelDeterminismTest} (four campaigns on one model, on
 * parameters and activations) and {@link FaultCampaignExtensionTest} (a breached gate, a campaign
 * that grows through several Spark jobs, variants built by the test and derived by SEUnit).
 */
class SparkCampaignTest {

    private static final Map<String, String> ON_SPARK = Map.of("seunit.spark.master", "local[2]",
            "seunit.spark.scenariosPerTask", "30");

    private static Map<String, String> verdicts(EngineExecutionResults results) {
        Map<String, String> verdicts = new TreeMap<>();
        results.testEvents().finished().stream().forEach(e -> {
            TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
            verdicts.put(e.getTestDescriptor().getDisplayName(), r.getStatus() + r.getThrowable()
                    .map(t -> ": " + t.getMessage()).orElse(""));
        });
        return verdicts;
    }

    private static Map<String, String> run(Map<String, String> configuration) {
        Map<String, String> verdicts = new TreeMap<>();
        for (Class<?> tests : List.of(ParallelDeterminismTest.FourCampaignsOnOneModel.class,
                FaultCampaignExtensionTest.Breached.class, FaultCampaignExtensionTest.Growing.class)) {
            verdicts.putAll(verdicts(Kit.run(tests, configuration)));
        }
        return verdicts;
    }

    @Test
    void theSameTestsOnLocalSparkGiveTheSameVerdictsAndRecords() {
        ParallelDeterminismTest.RECORDS.clear();
        Map<String, String> oneJvm = run(Map.of());
        Map<String, String> recordsOfOneJvm = new TreeMap<>(ParallelDeterminismTest.RECORDS);
        CampaignResult grownInOneJvm = FaultCampaignExtensionTest.SEEN.get("growsUntilDecided");
        ParallelDeterminismTest.RECORDS.clear();

        Map<String, String> onSpark = run(ON_SPARK);

        assertThat(oneJvm).hasSize(6).containsKey("msbFlips");
        assertThat(oneJvm.get("msbFlips")).startsWith("FAILED: CRITICAL+DUE rate of msbFlips"); // the verdict travels
        assertThat(onSpark).isEqualTo(oneJvm);
        assertThat(ParallelDeterminismTest.RECORDS).hasSize(4).isEqualTo(recordsOfOneJvm);
        CampaignResult grownOnSpark = FaultCampaignExtensionTest.SEEN.get("growsUntilDecided");
        assertThat(grownOnSpark.injections()).as("grown beyond its first 3 injections, a Spark job per look")
                .isEqualTo(grownInOneJvm.injections()).isGreaterThan(3);
        for (int i = 0; i < grownInOneJvm.injections(); i++) {
            assertThat(grownOnSpark.records().get(i).sameResultAs(grownInOneJvm.records().get(i))).isTrue();
        }
    }

    @Test
    void variantsBuiltByTheTestOrDerivedBySeunitGiveTheSameRecordsOnSpark() {
        Map<String, CampaignResult> oneJvm = new TreeMap<>();
        Map<String, String> verdictsOfOneJvm = new TreeMap<>();
        Map<String, String> verdictsOnSpark = new TreeMap<>();
        for (Class<?> tests : List.of(FaultCampaignExtensionTest.Variants.class,
                FaultCampaignExtensionTest.DerivedVariants.class)) {
            FaultCampaignExtensionTest.SEEN.clear();
            verdictsOfOneJvm.putAll(verdicts(Kit.run(tests)));
            Map<String, CampaignResult> expectedHere = new TreeMap<>(FaultCampaignExtensionTest.SEEN);
            oneJvm.putAll(expectedHere);
            FaultCampaignExtensionTest.SEEN.clear();
            verdictsOnSpark.putAll(verdicts(Kit.run(tests, ON_SPARK)));
            assertThat(FaultCampaignExtensionTest.SEEN.keySet()).as("variants run on Spark")
                    .isEqualTo(expectedHere.keySet());
            for (Map.Entry<String, CampaignResult> e : FaultCampaignExtensionTest.SEEN.entrySet()) {
                CampaignResult expected = expectedHere.get(e.getKey());
                assertThat(e.getValue().injections()).as(e.getKey()).isEqualTo(expected.injections());
                for (int i = 0; i < expected.injections(); i++) {
                    assertThat(e.getValue().records().get(i).sameResultAs(expected.records().get(i)))
                            .as("%s, record %d", e.getKey(), i).isTrue();
                }
            }
        }
        // four built by the test's Variant parameter, two derived by SEUnit (a sigmoid swap, then int8)
        assertThat(verdictsOnSpark).hasSize(6).isEqualTo(verdictsOfOneJvm).allSatisfy((name, verdict) ->
                assertThat(verdict).as(name).isEqualTo("SUCCESSFUL"));
        assertThat(oneJvm).hasSize(6);
    }

    @Test
    void aBadNumberOfScenariosPerTaskIsAClearError() {
        EngineExecutionResults results = Kit.run(FaultCampaignExtensionTest.Growing.class,
                Map.of("seunit.spark.master", "local[1]", "seunit.spark.scenariosPerTask", "many"));
        assertThat(results.allEvents().failed().stream().map(e -> e.getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow().getMessage()).toList()).singleElement().asString()
                .contains("seunit.spark.scenariosPerTask must be a whole number");
    }
}
