package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.seunit.fault.BitSelection;
import dev.seunit.stats.Rate;
import dev.seunit.stats.SampleSize;
import dev.seunit.stats.StratumSample;
import dev.seunit.testing.TinyGolden;

/** Stratified plans on a real (tiny) network: weighted rates, layer-and-bit strata, gates on them. */
class StratifiedCampaignTest {

    private static final Set<Outcome> FAILURES = EnumSet.of(Outcome.SDC, Outcome.CRITICAL, Outcome.DUE);

    private static TinyGolden tiny;
    private static GoldenRun golden;

    @BeforeAll
    static void setUp() {
        tiny = new TinyGolden();
        golden = tiny.golden();
    }

    @AfterAll
    static void tearDown() {
        tiny.close();
    }

    private static Campaign campaign(Budget budget) {
        return Campaign.builder(golden).name("stratified").bits(BitSelection.EXPONENT).budget(budget).seed(9)
                .progress(ProgressListener.NONE).build();
    }

    @Test
    void aPerLayerSampleWeighsEachLayerByItsShareOfTheSpace() {
        CampaignResult result = campaign(Budget.statistical(0.05, 0.95)).run();
        CampaignInfo info = result.info();
        assertThat(info.strata()).isEqualTo(Strata.LAYER);
        // 01Conv2d: 20 elements x 8 exponent bits; 04Linear: 99 x 8
        assertThat(info.strataSizes()).containsExactly(Map.entry("01Conv2d", 160L), Map.entry("04Linear", 792L));
        Map<String, OutcomeCounts> byLayer = result.byLayer();
        assertThat(byLayer.get("01Conv2d").total()).isEqualTo(SampleSize.leveugle(160, 0.05, 0.95));
        assertThat(byLayer.get("04Linear").total()).isEqualTo(SampleSize.leveugle(792, 0.05, 0.95));

        Rate rate = result.rate(FAILURES, 0.95);
        double conv = (double) byLayer.get("01Conv2d").count(FAILURES) / byLayer.get("01Conv2d").total();
        double linear = (double) byLayer.get("04Linear").count(FAILURES) / byLayer.get("04Linear").total();
        assertThat(rate.estimate()).isCloseTo((160 * conv + 792 * linear) / 952, within(1e-12));
        assertThat(rate.method()).isEqualTo(Rate.Method.STRATIFIED);
        assertThat(rate.trials()).isEqualTo(result.injections());
        double pooled = (double) result.counts().count(FAILURES) / result.injections();
        assertThat(rate.estimate()).isNotCloseTo(pooled, within(1e-6)); // the small conv layer is oversampled
        assertThat(rate).isEqualTo(Rate.stratified(List.of(
                new StratumSample(160, byLayer.get("01Conv2d").total(), byLayer.get("01Conv2d").count(FAILURES),
                        byLayer.get("01Conv2d").total() == 160),
                new StratumSample(792, byLayer.get("04Linear").total(), byLayer.get("04Linear").count(FAILURES),
                        false)), 0.95));
        // one layer is one stratum: its own rate, unweighted
        CampaignResult linearOnly = result.layer("04Linear");
        assertThat(linearOnly.rate(FAILURES, 0.95).estimate()).isCloseTo(linear, within(1e-12));
        assertThat(result.toJson()).contains("\"strata\": \"LAYER\"").contains("\"method\": \"STRATIFIED\"");
    }

    @Test
    void aSubsetAcrossStrataWeighsEachStratumsPartBySizeTimesTheShareItKeeps() {
        CampaignResult result = campaign(Budget.statistical(0.05, 0.95)).run();
        CampaignResult msb = result.bit(30);
        double estimate = 0;
        double weights = 0;
        for (Map.Entry<String, OutcomeCounts> layer : result.byLayer().entrySet()) {
            OutcomeCounts all = layer.getValue();
            OutcomeCounts ofBit = msb.byLayer().get(layer.getKey());
            double weight = result.info().strataSizes().get(layer.getKey()) * (double) ofBit.total() / all.total();
            estimate += weight * ofBit.count(FAILURES) / ofBit.total();
            weights += weight;
        }
        assertThat(msb.rate(FAILURES, 0.95).estimate()).isCloseTo(estimate / weights, within(1e-12));
    }

    @Test
    void aLayerAndBitPlanDrawsALeveugleSampleInEveryCellDeterministically() {
        Campaign campaign = campaign(Budget.statistical(0.2, 0.95, Strata.LAYER_AND_BIT));
        assertThat(campaign.info().sampler()).isEqualTo(Sampler.STRATIFIED_LAYER_AND_BIT);
        Map<String, Long> cells = campaign.info().strataSizes();
        assertThat(cells).hasSize(16).containsEntry(Strata.key("01Conv2d", 30), 20L)
                .containsEntry(Strata.key("04Linear", 23), 99L);
        CampaignResult result = campaign.run();
        Map<String, Map<Integer, OutcomeCounts>> table = result.byLayerAndBit();
        for (Map.Entry<String, Long> cell : cells.entrySet()) {
            String layer = cell.getKey().substring(0, cell.getKey().indexOf(" bit "));
            int bit = Integer.parseInt(cell.getKey().substring(cell.getKey().indexOf(" bit ") + 5));
            assertThat(table.get(layer).get(bit).total()).as(cell.getKey())
                    .isEqualTo(SampleSize.leveugle(cell.getValue(), 0.2, 0.95));
        }
        List<String> again = new ArrayList<>();
        campaign(Budget.statistical(0.2, 0.95, Strata.LAYER_AND_BIT)).scenarios().forEach(s -> again.add(s.toString()));
        assertThat(campaign.scenarios().stream().map(Object::toString).toList()).isEqualTo(again);
        JsonObject json = JsonParser.parseString(result.toJson()).getAsJsonObject();
        assertThat(json.getAsJsonObject("byLayerAndBit").getAsJsonObject("04Linear").getAsJsonObject("30")
                .get("injections").getAsLong()).isEqualTo(table.get("04Linear").get(30).total());
        assertThat(result.rate(FAILURES, 0.95).method()).isEqualTo(Rate.Method.STRATIFIED);
    }

    @Test
    void theReferenceStudysPlanIsTwoAndAHalfPercentAtNinetyFivePercentPerLayerAndBit() {
        assertThat(Budget.perLayerAndBit()).isEqualTo(Budget.statistical(0.025, 0.95, Strata.LAYER_AND_BIT));
        assertThat(Sampler.forBudget(Budget.perLayerAndBit())).isEqualTo(Sampler.STRATIFIED_LAYER_AND_BIT);
        assertThat(Sampler.forBudget(Budget.statistical(0.01, 0.95, Strata.NONE))).isEqualTo(Sampler.UNIFORM);
        assertThat(Budget.perLayerAndBit().toString()).endsWith("per layer and bit");
        assertThat(Budget.statistical(0.05, 0.95).toString()).isEqualTo("statistical (margin 0.0500000, confidence 0.950000)");
    }

    @Test
    void aUniformSampleIsUnchanged() {
        CampaignResult result = campaign(Budget.count(300)).run();
        assertThat(result.info().strata()).isEqualTo(Strata.NONE);
        assertThat(result.rate(FAILURES, 0.95))
                .isEqualTo(Rate.clopperPearson(result.counts().count(FAILURES), 300, 0.95));
    }

    @Test
    void gatesOnAStratifiedPlanAreDecidedOnceOnTheWeightedRateAndCannotGrow() {
        Campaign campaign = campaign(Budget.statistical(0.05, 0.95));
        CampaignResult result = campaign.run();
        RateGate gate = new RateGate(FAILURES, 0.9, 0.95);
        int planned = campaign.scenarios().size();
        GateVerdicts verdicts = GateVerdicts.decide(List.of(gate), result.info(), new int[] {planned},
                Shard.whole(), result::planPrefix);
        GateVerdict verdict = verdicts.verdicts().get(0);
        assertThat(verdict.rate()).isEqualTo(result.rate(FAILURES, 0.95));
        assertThat(verdict.decision()).isEqualTo(result.rate(FAILURES, 0.95).decide(0.9));
        assertThat(verdict.method()).contains("stratified by layer");
        assertThatIllegalArgumentException().isThrownBy(() -> GateVerdicts.decide(List.of(gate), result.info(),
                new int[] {100, planned}, Shard.whole(), result::planPrefix)).withMessageContaining("cannot grow");
    }
}
