package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDManager;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.seunit.model.InjectableModel;
import dev.seunit.stats.MagnitudeBucket;
import dev.seunit.stats.Rate;
import dev.seunit.testing.SkipNet;
import dev.seunit.testing.TinyNets;
import dev.seunit.testing.TransformNets;

class CampaignResultTest {

    private static NDManager manager;
    private static InjectableModel model;
    private static GoldenRun golden;
    private static CampaignResult result;

    @BeforeAll
    static void run() {
        manager = NDManager.newBaseManager("PyTorch");
        model = InjectableModel.of("tiny-conv", TinyNets.convNet(manager));
        golden = GoldenRun.of(model, TinyNets.inputs(manager));
        result = Campaign.builder(golden).name("all-bits").budget(Budget.count(600)).seed(3)
                .progress(ProgressListener.NONE).build().run();
    }

    @AfterAll
    static void close() {
        golden.close();
        model.close();
        manager.close();
    }

    @Test
    void ratesCarryTheirClopperPearsonInterval() {
        Rate due = result.rate(Outcome.DUE);
        assertThat(due.trials()).isEqualTo(600);
        assertThat(due.count()).isEqualTo(result.count(Outcome.DUE));
        assertThat(due).isEqualTo(Rate.clopperPearson(due.count(), 600, 0.95));
        assertThat(due.lower()).isLessThanOrEqualTo(due.estimate());
        assertThat(due.upper()).isGreaterThanOrEqualTo(due.estimate());
        Rate failures = result.rate(Outcome.SDC, Outcome.CRITICAL, Outcome.DUE);
        assertThat(failures.count()).isEqualTo(
                result.count(Outcome.SDC) + result.count(Outcome.CRITICAL) + result.count(Outcome.DUE));
    }

    @Test
    void breakdownsPartitionTheRecords() {
        for (Map<?, OutcomeCounts> breakdown : java.util.List.of(result.byLayer(), result.byBit(), result.byBitRole(),
                result.byMagnitude())) {
            assertThat(breakdown.values().stream().mapToLong(OutcomeCounts::total).sum()).isEqualTo(600);
        }
        assertThat(result.byLayer()).containsOnlyKeys("01Conv2d", "04Linear");
        // the conv weights are 1.0: MSB flips there are the Inf hazard
        assertThat(result.byMagnitude()).containsKey(MagnitudeBucket.ONE_TO_TWO);
        CampaignResult msb = result.bit(30);
        assertThat(msb.records()).allSatisfy(r -> assertThat(r.fault().topBit()).isEqualTo(30));
        assertThat(msb.injections()).isEqualTo(result.byBit().get(30).total());
        assertThat(result.layer("01*").injections()).isEqualTo(result.byLayer().get("01Conv2d").total());
        assertThat(result.layer("01*").scope()).isEqualTo("layer=01*");
    }

    /** Not the order the faults were drawn in, nor alphabetical (bn before c1): the order the network runs its layers. */
    @Test
    void breakdownByLayerFollowsTheNetworksForwardOrder() {
        try (NDManager scope = NDManager.newBaseManager("PyTorch");
             InjectableModel skipNet = InjectableModel.of("skip-net", SkipNet.seeded(scope, 2, 5, false));
             GoldenRun skipGolden = GoldenRun.of(skipNet, TransformNets.data(scope, 2, 6).x())) {
            CampaignResult parameters = Campaign.builder(skipGolden).budget(Budget.count(300)).seed(8)
                    .progress(ProgressListener.NONE).build().run();
            assertThat(parameters.records().get(0).fault().site().layer()).as("the first fault drawn").isNotEqualTo("c1");
            assertThat(parameters.byLayer()).containsOnlyKeys("c1", "c2", "bn", "c3", "lin");
            assertThat(parameters.byLayer().keySet()).containsExactly("c1", "c2", "bn", "c3", "lin");
            CampaignResult activations = Campaign.builder(skipGolden).target(FaultTarget.ACTIVATIONS)
                    .budget(Budget.count(300)).seed(8).progress(ProgressListener.NONE).build().run();
            java.util.List<String> callOrder = java.util.List.of("c1", "a1", "c2", "bn", "a2", "c3", "a3", "flat", "lin");
            assertThat(activations.info().layerOrder()).isEqualTo(callOrder);
            java.util.List<String> hit = java.util.List.copyOf(activations.byLayer().keySet());
            assertThat(hit).hasSizeGreaterThan(5).isEqualTo(callOrder.stream().filter(hit::contains).toList());
        }
    }

    @Test
    void worstListsTheMostSevereFirst() {
        assertThat(result.worst(5)).isSortedAccordingTo(CampaignResult.SEVERITY);
        assertThat(result.worst(1).get(0).outcome()).isEqualTo(Outcome.DUE);
    }

    @Test
    void csvHasOneLinePerInjection(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out/records.csv");
        result.writeCsv(csv);
        java.util.List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(601);
        assertThat(lines.get(0)).startsWith("index,faults,site,layer,bits,format,word_before,word_after");
        assertThat(lines.stream().skip(1).filter(l -> l.contains(",DUE,")).count()).isEqualTo(result.count(Outcome.DUE));
    }

    @Test
    void jsonHoldsTheCampaignRatesBreakdownsAndRecords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("result.json");
        result.writeJson(file);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertThat(json.getAsJsonObject("campaign").get("seed").getAsLong()).isEqualTo(3);
        assertThat(json.getAsJsonObject("campaign").get("faultSpaceSize").getAsLong()).isEqualTo(119 * 32);
        assertThat(json.get("injections").getAsInt()).isEqualTo(600);
        JsonObject due = json.getAsJsonObject("rates").getAsJsonObject("DUE");
        assertThat(due.get("count").getAsLong()).isEqualTo(result.count(Outcome.DUE));
        assertThat(due.get("upper").getAsDouble()).isEqualTo(result.rate(Outcome.DUE).upper());
        assertThat(json.getAsJsonArray("records")).hasSize(600);
        assertThat(json.getAsJsonObject("byLayer").keySet()).containsExactly("01Conv2d", "04Linear");
    }

    @Test
    void theSummaryNamesTheSeed() {
        assertThat(result.summary()).contains("seed 3").contains("DUE").contains("CI");
    }
}
