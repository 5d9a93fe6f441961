package dev.seunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.testing.Kit;

/**
 * One suite run as a CI matrix of three shards (three separate JUnit launches, each with
 * {@code seunit.shard=i/3} and a journal directory of its own), then merged by a fourth launch
 * with {@code seunit.merge.dir} over the gathered journals: the merge gives the records, rates
 * and verdicts of the unsharded run, while each shard only reports a provisional verdict.
 */
class ShardMergeTest {

    /** What each campaign test was handed, by launch and test. */
    static final Map<String, CampaignResult> SEEN = new ConcurrentHashMap<>();
    static volatile String launch = "";

    static class Suite extends FaultCampaignExtensionTest.TinyModel {
        /** A fixed count, breached: every shard and the merge see the same breach. */
        @FaultCampaign(bits = BitSelection.Kind.MSB, injections = 120, seed = 3)
        @MaxErrorRate(value = 0.02, outcome = {Outcome.CRITICAL, Outcome.DUE})
        void msbFlips(CampaignResult result) {
            SEEN.put(launch + "/msbFlips", result);
        }

        /** A gate that grows the campaign look by look: the merge stops where the unsharded run stops. */
        @FaultCampaign(bitList = {0, 1, 2, 3, 4, 5, 6, 7}, injections = 40, seed = 8)
        @MaxErrorRate(value = 0.1, outcome = {Outcome.CRITICAL, Outcome.DUE}, maxInjections = 640)
        void lowBitsGrow(CampaignResult result) {
            SEEN.put(launch + "/lowBitsGrow", result);
        }

        /** A stratified plan, decided once on its weighted rate. */
        @FaultCampaign(bits = BitSelection.Kind.EXPONENT, margin = 0.1, seed = 5)
        @MaxErrorRate(value = 0.9, outcome = {Outcome.SDC, Outcome.CRITICAL, Outcome.DUE})
        void exponentPerLayer(CampaignResult result) {
            SEEN.put(launch + "/exponentPerLayer", result);
        }
    }

    private static EngineExecutionResults launch(String name, Map<String, String> configuration) {
        launch = name;
        return Kit.run(Suite.class, configuration);
    }

    @Test
    void threeShardsMergedGiveTheUnshardedRecordsRatesAndVerdicts(@TempDir Path dir) throws Exception {
        SEEN.clear();
        EngineExecutionResults whole = launch("whole", Map.of());
        for (int i = 0; i < 3; i++) {
            EngineExecutionResults shard = launch("shard" + i, Map.of("seunit.shard", i + "/3", "seunit.journal.dir",
                    dir.resolve("job-" + i).resolve("journal").toString()));
            // a shard's gate is provisional: the breach is reported, not failed
            shard.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        }
        EngineExecutionResults merged = launch("merged", Map.of("seunit.merge.dir", dir.toString()));

        assertThat(failures(merged)).isEqualTo(failures(whole)).containsOnlyKeys("msbFlips");
        assertThat(failures(whole).get("msbFlips")).contains("the threshold is breached");
        for (String test : List.of("msbFlips", "lowBitsGrow", "exponentPerLayer")) {
            CampaignResult unsharded = SEEN.get("whole/" + test);
            CampaignResult union = SEEN.get("merged/" + test);
            assertThat(union.injections()).as(test).isEqualTo(unsharded.injections());
            for (int i = 0; i < unsharded.injections(); i++) {
                InjectionRecord a = unsharded.records().get(i);
                assertThat(a.sameResultAs(union.records().get(i))).as("%s record %d", test, i).isTrue();
            }
            for (Outcome o : Outcome.values()) {
                assertThat(union.rate(o)).as(test + " " + o).isEqualTo(unsharded.rate(o));
            }
            int shardTotal = 0;
            for (int i = 0; i < 3; i++) {
                shardTotal += SEEN.get("shard" + i + "/" + test).injections();
            }
            assertThat(shardTotal).as(test).isGreaterThanOrEqualTo(unsharded.injections());
        }
        // the growing gate stopped early, and the merge at the same look, not at the shards' 640
        assertThat(SEEN.get("whole/lowBitsGrow").injections()).isLessThan(640);
        assertThat(SEEN.get("shard0/lowBitsGrow").injections()).isEqualTo(214);
        assertThat(SEEN.get("merged/exponentPerLayer").rate(Outcome.SDC, Outcome.CRITICAL, Outcome.DUE).method())
                .isEqualTo(dev.seunit.stats.Rate.Method.STRATIFIED);
    }

    @Test
    void aMissingShardFailsTheMergeNamingIt(@TempDir Path dir) {
        for (int i : new int[] {0, 2}) {
            launch("shard" + i, Map.of("seunit.shard", i + "/3", "seunit.journal.dir",
                    dir.resolve("job-" + i).toString()));
        }
        launch("merged", Map.of("seunit.merge.dir", dir.toString())).testEvents().assertThatEvents().haveExactly(3,
                event(test(), finishedWithFailure(message(m -> m.contains("shard 1/3 of campaign '")
                        && m.contains("is missing from") && m.contains("found 0/3, 2/3")))));
    }

    @Test
    void mergingAndShardingAtOnceIsAConfigurationError(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir);
        EngineExecutionResults both = launch("both", Map.of("seunit.merge.dir", dir.toString(), "seunit.shard", "1/3"));
        both.containerEvents().assertThatEvents().haveExactly(3, event(container(), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("seunit.merge.dir merges the records of every shard")))));
        assertThat(both.testEvents().started().count()).isZero();
    }

    /** The failure message of each failed test, by test. */
    private static Map<String, String> failures(EngineExecutionResults results) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (Event e : results.testEvents().failed().list()) {
            failures.put(e.getTestDescriptor().getDisplayName(), e.getPayload(TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow().getMessage());
        }
        return failures;
    }
}
