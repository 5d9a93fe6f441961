package dev.seunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.seunit.campaign.Outcome;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.junit.testing.Kit;
import dev.seunit.testing.TinyNets;
import dev.seunit.junit.testing.TwoPathNet;
import dev.seunit.fault.BitSelection;

class FaultPropertyExtensionTest {

    static final List<FaultScenario> DRAWN = new CopyOnWriteArrayList<>();

    static class PlantedBug {
        @ModelUnderTest
        static Block model(NDManager manager) {
            return TwoPathNet.net(manager);
        }

        @InputsUnderTest
        static NDArray input(NDManager manager) {
            return TwoPathNet.input(manager);
        }

        // sign flips in the first layer: 4 weights + 2 biases = 6 faults, 5 per scenario
        @FaultProperty(tries = 50, seed = 3, layers = "01*", bits = BitSelection.Kind.SIGN, faultsPerScenario = 5)
        void noSignFlipsChangeThePrediction(FaultScenario scenario, ScenarioRunner runner) {
            DRAWN.add(scenario);
            assertThat(runner.inject(scenario).outcome()).isNotEqualTo(Outcome.CRITICAL);
        }
    }

    @Test
    void aPlantedBugNeedingTwoFaultsIsFoundAndShrunkToExactlyThoseTwo() {
        DRAWN.clear();
        EngineExecutionResults results = Kit.run(PlantedBug.class);

        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        String message = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                .getMessage();
        assertThat(message).contains("falsified at try").contains("by 5 fault(s)")
                .containsPattern("to 2 fault\\(s\\): \\{01Linear_weight\\[[03]\\] bit 31 \\(bit flip, FLOAT32\\) \\+ "
                        + "01Linear_weight\\[[03]\\] bit 31 \\(bit flip, FLOAT32\\)\\}")
                .contains("01Linear_weight[0] bit 31").contains("01Linear_weight[3] bit 31")
                .contains("Seed 3. Rerun this test alone: mvn test -Dtest='PlantedBug#noSignFlipsChangeThePrediction'");
        // no tries after the failure
        int failingTry = (int) results.testEvents().finished().count();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(failingTry - 1);
        assertThat(failingTry).isLessThan(50);
    }

    @Test
    void theSameSeedDrawsTheSameScenariosAndFindsTheSameFailure() {
        DRAWN.clear();
        String first = failureOf(Kit.run(PlantedBug.class));
        List<FaultScenario> firstDraws = List.copyOf(DRAWN);
        DRAWN.clear();
        String second = failureOf(Kit.run(PlantedBug.class));

        assertThat(second).isEqualTo(first);
        assertThat(DRAWN).isEqualTo(firstDraws);
    }

    private static String failureOf(EngineExecutionResults results) {
        return results.testEvents().failed().list().get(0).getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }

    static class Holds {
        @ModelUnderTest
        static Block model(NDManager manager) {
            return TinyNets.convNet(manager);
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultProperty(tries = 30, bitList = {30, 31})
        void signFlipsOfTheZeroedChannelAreHarmless(Fault fault, ScenarioRunner runner) {
            DRAWN.add(FaultScenario.of(fault));
            // channel 1 of the conv (weights 0.1 at 9..17, bias -100 at 1) stays negative under a sign flip of a
            // weight, so ReLU zeroes it; an MSB flip of 0.1 gives ~3e37 and does get through
            boolean zeroedChannel = fault.site().name().equals(TinyNets.CONV_WEIGHT) && fault.site().index() >= 9;
            Assumptions.assumeTrue(zeroedChannel && fault.topBit() == 31);
            assertThat(runner.inject(fault).outcome()).isIn(Outcome.MASKED, Outcome.BENIGN);
        }
    }

    @Test
    void aPropertyThatHoldsRunsEveryTryWithEdgeCasesFirstAndReportsWhatWasGenerated() {
        DRAWN.clear();
        EngineExecutionResults results = Kit.run(Holds.class);

        long succeeded = results.testEvents().succeeded().count();
        long discarded = results.testEvents().aborted().count();
        assertThat(succeeded + discarded).isEqualTo(30);
        assertThat(succeeded).isPositive();
        assertThat(results.testEvents().failed().count()).isZero();
        // edge case first: the MSB of the first conv weight in 1 <= |x| < 2 (1.0 -> Inf)
        assertThat(DRAWN.get(0).toString()).startsWith("01Conv2d_weight[0] bit 30");
        assertThat(results.testEvents().finished().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .startsWith("try 1/30", "try 2/30").endsWith("try 30/30");
        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
        assertThat(entries).hasSize(1);
        Map<String, String> entry = entries.get(0).getKeyValuePairs();
        assertThat(entry.get("seunit.property.generated")).startsWith("tries 30, discarded " + discarded)
                .contains("by layer {01Conv2d=").contains("EXPONENT=").contains("SIGN=");
    }
}
