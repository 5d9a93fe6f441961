package dev.seunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.junit.testing.Kit;
import dev.seunit.testing.TinyNets;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Variant;
import dev.seunit.fault.BitSelection;
import dev.seunit.fault.FaultModel;

class FaultCampaignExtensionTest {

    /** What sample tests saw, by test display name. */
    static final Map<String, CampaignResult> SEEN = new ConcurrentHashMap<>();

    abstract static class TinyModel {
        @ModelUnderTest
        static Block model(NDManager manager) {
            return TinyNets.convNet(manager);
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }
    }

    static class Passing extends TinyModel {
        @FaultCampaign(bitList = {0, 1, 2}, injections = 300, seed = 5)
        @MaxErrorRate(value = 0.05, outcome = {Outcome.CRITICAL, Outcome.DUE})
        void lowMantissaBits(CampaignResult result) {
            SEEN.put("lowMantissaBits", result);
        }
    }

    @Test
    void aPassingCampaignPassesAndHandsTheTestItsResult() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(Passing.class);

        results.testEvents().assertThatEvents().haveExactly(1,
                event(test(), displayName("lowMantissaBits"), finishedSuccessfully()));
        CampaignResult result = SEEN.get("lowMantissaBits");
        assertThat(result.injections()).isEqualTo(300);
        assertThat(result.info().seed()).isEqualTo(5);
        assertThat(result.info().bits().toString()).isEqualTo("bits[0, 1, 2]");
        assertThat(result.rate(Outcome.CRITICAL, Outcome.DUE).upper()).isLessThanOrEqualTo(0.05);
    }

    static class Breached extends TinyModel {
        @FaultCampaign(bits = BitSelection.Kind.MSB, exhaustive = true)
        @MaxErrorRate(value = 0.01, outcome = {Outcome.CRITICAL, Outcome.DUE})
        void msbFlips(CampaignResult result) {
        }
    }

    @Test
    void aBreachedThresholdFailsWithRateIntervalWorstFaultsSeedAndRerunLine() {
        EngineExecutionResults results = Kit.run(Breached.class);

        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        Throwable failure = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(GateFailedError.class);
        assertThat(((GateFailedError) failure).isInconclusive()).isFalse();
        assertThat(failure.getMessage())
                .startsWith("CRITICAL+DUE rate of msbFlips must be at most 1.00% (@MaxErrorRate) but was ")
                .contains("of 119 injections), 95% Clopper-Pearson interval [")
                .contains("the lower bound is above 1.00%: the threshold is breached")
                .contains("Worst CRITICAL+DUE faults:\n  01Conv2d_weight[")
                .contains(" bit 30: 1.0 -> Infinity => DUE\n")
                .contains("Seed 42. Rerun this test alone: mvn test -Dtest='Breached#msbFlips' -Dseunit.seed=42");
    }

    static class Inconclusive extends TinyModel {
        @FaultCampaign(bits = BitSelection.Kind.MSB, injections = 3)
        @MaxErrorRate(value = 0.5, outcome = Outcome.DUE)
        void tooFewInjections() {
        }
    }

    @Test
    void aThresholdInsideTheIntervalWithNoRoomToGrowFailsAsInconclusive() {
        EngineExecutionResults results = Kit.run(Inconclusive.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(GateFailedError.class), message(m -> m.contains("of 3 injections")
                        && m.contains("the interval still contains 50.00% after 3 injections")
                        && m.contains("inconclusive")))));
    }

    static class Growing extends TinyModel {
        @FaultCampaign(bitList = {0}, injections = 3, seed = 9)
        @MaxErrorRate(value = 0.5, outcome = Outcome.CRITICAL, maxInjections = 400)
        void growsUntilDecided(CampaignResult result) {
            SEEN.put("growsUntilDecided", result);
        }
    }

    @Test
    void anUndecidedGateGrowsTheCampaignUntilTheIntervalDecides() {
        SEEN.clear();
        Kit.run(Growing.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        // looks at 3, 4, 5, 6, 8, ... up to 400 (each a quarter more), the 2.5% error spent evenly per doubling:
        // no count of 6 can pass yet (even 0 criticals have P = 1.6% at a rate of 50%, more than the 0.62% spent
        // by then); 0 of 8 (P = 0.39%, 0.75% spent) passes: the campaign stops there
        CampaignResult result = SEEN.get("growsUntilDecided");
        assertThat(result.injections()).isEqualTo(8);
        assertThat(result.records()).extracting(r -> r.index()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    static class Variants {
        static final List<Variant> BUILT = new java.util.concurrent.CopyOnWriteArrayList<>();

        @ModelUnderTest
        static Block model(NDManager manager, Variant variant) {
            BUILT.add(variant);
            return TinyNets.convNet(manager);
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultCampaign(bits = BitSelection.Kind.SIGN, injections = 20)
        @BoundedActivation({ActivationKind.RELU, ActivationKind.HARD_SIGMOID})
        @Pruned({0, 50})
        void signFlips(CampaignResult result, Variant variant) {
            SEEN.put(variant.describe(), result);
        }
    }

    @Test
    void variantAnnotationsExpandIntoTheCartesianProductWithReadableNames() {
        SEEN.clear();
        Variants.BUILT.clear();
        EngineExecutionResults results = Kit.run(Variants.class);

        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("signFlips [activation=RELU, pruned=0%]", "signFlips [activation=RELU, pruned=50%]",
                        "signFlips [activation=HARD_SIGMOID, pruned=0%]",
                        "signFlips [activation=HARD_SIGMOID, pruned=50%]");
        assertThat(Variants.BUILT).hasSize(4).doesNotHaveDuplicates();
        assertThat(SEEN).containsOnlyKeys("activation=RELU, pruned=0%", "activation=RELU, pruned=50%",
                "activation=HARD_SIGMOID, pruned=0%", "activation=HARD_SIGMOID, pruned=50%");
        assertThat(SEEN.values()).allSatisfy(r -> assertThat(r.info().name()).startsWith("signFlips ["));
        assertThat(SEEN.values()).extracting(r -> r.info().model()).containsOnly("Variants");
    }

    static class DerivedVariants extends TinyModel {
        @FaultCampaign(injections = 200, seed = 4)
        @BoundedActivation(ActivationKind.SIGMOID)
        @Quantized
        void derived(CampaignResult result, Variant variant) {
            SEEN.put(variant.describe(), result);
        }
    }

    @Test
    void variantsAreDerivedFromTheModelWhenTheSourceTakesNoVariant() {
        SEEN.clear();
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Kit.run(DerivedVariants.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        } finally {
            System.setOut(out);
        }

        // what the swap left is on the console when the variant is built (and in the campaign's event, for reports)
        assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(
                "[seunit] DerivedVariants [activation=SIGMOID, float32]: activation swapped to SIGMOID without "
                        + "retraining: agreement with the original model's predictions");
        // one model name for every variant; the variant is reported on its own
        assertThat(SEEN.values()).extracting(r -> r.info().model()).containsOnly("DerivedVariants");

        // same layer names in every variant; the int8 variant stores its weights as int8 words
        assertThat(SEEN.get("activation=SIGMOID, float32").records())
                .allSatisfy(r -> assertThat(r.fault().format()).isEqualTo(dev.seunit.fault.NumberFormat.FLOAT32));
        assertThat(SEEN.get("activation=SIGMOID, int8").records()).extracting(r -> r.fault().format())
                .contains(dev.seunit.fault.NumberFormat.INT8).doesNotContain(dev.seunit.fault.NumberFormat.FLOAT32);
        assertThat(SEEN.get("activation=SIGMOID, int8").count(Outcome.DUE)).isZero();
    }

    static class UnknownLayer extends TinyModel {
        @FaultCampaign(layers = "enc9*", injections = 5)
        void typo() {
        }
    }

    @Test
    void aLayerPatternMatchingNothingFailsWithTheNamesThatExist() {
        Kit.run(UnknownLayer.class).testEvents().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(m -> m.contains("'enc9*' matches no parameter")
                        && m.contains("01Conv2d_weight, 01Conv2d_bias, 04Linear_weight, 04Linear_bias")))));
    }

    static class InvalidValues extends TinyModel {
        @FaultCampaign(injections = 0)
        void noInjections() {
        }

        @FaultCampaign(margin = 1.5)
        void marginTooLarge() {
        }

        @FaultCampaign(exhaustive = true, margin = 0.01)
        void twoBudgets() {
        }

        @FaultCampaign(bitList = {40})
        void noSuchBit() {
        }

        @FaultCampaign(faultModel = FaultModel.Kind.RANDOM_BITS, bitsPerUpset = 1)
        void oneBitUpset() {
        }

        @FaultCampaign
        @MaxErrorRate(value = 2)
        void rateAboveOne() {
        }

        @FaultCampaign
        @Pruned({150})
        void overPruned() {
        }

        @FaultCampaign
        @FaultProperty
        void both() {
        }
    }

    @Test
    void invalidAnnotationValuesFailUpFrontNamingTheAttribute() {
        EngineExecutionResults results = Kit.run(InvalidValues.class);

        Map<String, String> failures = results.containerEvents().failed().stream().collect(Collectors.toMap(
                e -> e.getTestDescriptor().getDisplayName().replace("()", ""),
                e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                        .orElseThrow().getClass().getSimpleName() + ": "
                        + e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                                .orElseThrow().getMessage()));
        assertThat(failures).hasSize(8);
        assertThat(failures.values()).allSatisfy(m -> assertThat(m).startsWith("ExtensionConfigurationException: "));
        assertThat(failures.get("noInjections")).contains("@FaultCampaign(injections = 0)").contains("at least 1");
        assertThat(failures.get("marginTooLarge")).contains("@FaultCampaign(margin = 1.5)").contains("(0, 1)");
        assertThat(failures.get("twoBudgets")).contains("@FaultCampaign(exhaustive = true)").contains("keep one");
        assertThat(failures.get("noSuchBit")).contains("@FaultCampaign(bitList = [40])").contains("0 (LSB) to 31");
        assertThat(failures.get("oneBitUpset")).contains("@FaultCampaign(bitsPerUpset = 1)");
        assertThat(failures.get("rateAboveOne")).contains("@MaxErrorRate(value = 2.0)").contains("[0, 1]");
        assertThat(failures.get("overPruned")).contains("@Pruned(value = [150])").contains("0 (not pruned) to 99");
        assertThat(failures.get("both")).contains("both @FaultCampaign and @FaultProperty");
        assertThat(results.testEvents().started().count()).isZero();
    }

    static class Configured extends TinyModel {
        @FaultCampaign(injections = 90)
        void configured(CampaignResult result) {
            SEEN.put("configured", result);
        }
    }

    @Test
    void seedBudgetScaleShardAndJournalComeFromTheConfiguration(@TempDir Path journal) throws Exception {
        SEEN.clear();
        Kit.run(Configured.class, Map.of("seunit.seed", "77", "seunit.budget.scale", "0.5", "seunit.shard", "1/3",
                "seunit.journal.dir", journal.toString())).testEvents().assertStatistics(s -> s.succeeded(1));

        CampaignResult result = SEEN.get("configured");
        assertThat(result.info().seed()).isEqualTo(77);
        // 90 x 0.5 = 45 planned, of which shard 1 of 3 runs indices 1, 4, 7, ...
        assertThat(result.injections()).isEqualTo(15);
        assertThat(result.records()).allSatisfy(r -> assertThat(r.index() % 3).isEqualTo(1));
        Path json = journal.resolve(Configured.class.getName()).resolve("configured.shard-1-of-3.json");
        assertThat(json).exists();
        assertThat(Files.readString(json)).contains("\"seed\": 77");
        try (var files = Files.list(json.getParent())) {
            Path journalFile = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            assertThat(Files.readAllLines(journalFile)).hasSize(1 + 15);
        }
    }

    @Test
    void theExecutionModeComesFromTheConfiguration() {
        SEEN.clear();
        Kit.run(Configured.class, Map.of("seunit.execution", " Exact ")).testEvents()
                .assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN.get("configured").info().execution()).isEqualTo(dev.seunit.campaign.Execution.EXACT);
        SEEN.clear();
        Kit.run(Configured.class, Map.of()).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN.get("configured").info().execution()).isEqualTo(dev.seunit.campaign.Execution.FAST);
    }

    @Test
    void badConfigurationValuesNameTheKey() {
        EngineExecutionResults results = Kit.run(Configured.class, Map.of("seunit.shard", "3/3"));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(m -> m.contains("seunit.shard must be 'i/n'")
                        && m.contains("got '3/3'")))));
        Kit.run(Configured.class, Map.of("seunit.budget.scale", "-1")).containerEvents().assertThatEvents()
                .haveExactly(1, event(container(), finishedWithFailure(message(m -> m.contains("seunit.budget.scale")))));
    }
}
