package dev.seunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.junit.testing.Kit;
import dev.seunit.testing.TinyNets;
import dev.seunit.fault.BitSelection;

/** The same seed gives the same verdicts and records, sequentially and with JUnit's parallel execution. */
class ParallelDeterminismTest {

    static final Map<String, String> RECORDS = new ConcurrentHashMap<>();

    static class FourCampaignsOnOneModel {
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
                        .append(r.changedPredictions()).append('\n');
            }
            RECORDS.put(name, s.toString());
        }

        @FaultCampaign(injections = 200, seed = 1)
        @MaxErrorRate(value = 0.05, outcome = Outcome.DUE)
        void allBits(CampaignResult result) {
            keep("allBits", result);
        }

        @FaultCampaign(bits = BitSelection.Kind.MSB, exhaustive = true)
        @MaxErrorRate(value = 0.01, outcome = Outcome.DUE)
        void msb(CampaignResult result) {
            keep("msb", result);
        }

        @FaultCampaign(bits = BitSelection.Kind.EXPONENT, injections = 200, seed = 2)
        void exponent(CampaignResult result) {
            keep("exponent", result);
        }

        @FaultCampaign(target = dev.seunit.campaign.FaultTarget.ACTIVATIONS, injections = 150, seed = 3)
        @MaxErrorRate(value = 0.5)
        void activations(CampaignResult result) {
            keep("activations", result);
        }
    }

    private static Map<String, String> verdicts(EngineExecutionResults results) {
        Map<String, String> verdicts = new TreeMap<>();
        results.testEvents().finished().stream().forEach(e -> verdicts.put(e.getTestDescriptor().getDisplayName(),
                e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getStatus().toString()));
        return verdicts;
    }

    @Test
    void sequentialAndParallelRunsGiveTheSameVerdictsAndRecords() {
        RECORDS.clear();
        Map<String, String> sequential = verdicts(Kit.run(FourCampaignsOnOneModel.class));
        Map<String, String> sequentialRecords = new TreeMap<>(RECORDS);
        RECORDS.clear();
        Map<String, String> parallel = verdicts(Kit.run(FourCampaignsOnOneModel.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4")));

        assertThat(sequential).hasSize(4).containsEntry("msb", "FAILED").containsEntry("allBits", "SUCCESSFUL");
        assertThat(parallel).isEqualTo(sequential);
        assertThat(new TreeMap<>(RECORDS)).isEqualTo(sequentialRecords);
    }
}
