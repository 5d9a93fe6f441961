package dev.seunit.docs;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.OutcomeCounts;
import dev.seunit.campaign.Strata;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;
import dev.seunit.stats.GroupSequentialTest;
import dev.seunit.stats.Rate;

/** The guide's "Statistical gates" snippets. */
class GatesExamplesTest {

    @ModelUnderTest
    static Block model(NDManager manager) {
        return MyNets.trained(manager);
    }

    @InputsUnderTest
    static NDArray inputs(NDManager manager) {
        return MyData.validationBatch(manager);
    }

    // tag::sequential[]
    @FaultCampaign(injections = 100, seed = 42)              // look first after 100 injections...
    @MaxErrorRate(value = 0.25, outcome = {Outcome.CRITICAL, Outcome.DUE},
            confidence = 0.99, maxInjections = 1600)         // ...then at 125, 156, ... up to 1,600, until decided
    @MaxErrorRate(value = 0.10, outcome = Outcome.DUE)       // gates repeat; each is decided on its own
    void anyBitFlip(CampaignResult result) {
        assertThat(result.injections()).isBetween(100, 1600);
    }
    // end::sequential[]

    // tag::layer-and-bit[]
    @FaultCampaign(bits = BitSelection.Kind.EXPONENT, margin = 0.025, confidence = 0.95,
            strata = Strata.LAYER_AND_BIT)                   // a Leveugle sample in every layer and bit
    @MaxErrorRate(value = 0.5, outcome = {Outcome.CRITICAL, Outcome.DUE}) // decided on the weighted rate
    void exponentFlipsPerLayerAndBit(CampaignResult result) {
        Rate overSpace = result.rate(Outcome.CRITICAL, Outcome.DUE);       // each layer and bit weighted by its size
        Map<String, Map<Integer, OutcomeCounts>> cells = result.byLayerAndBit(); // the strata, as plain counts
        assertThat(overSpace.method()).isEqualTo(Rate.Method.STRATIFIED);
        assertThat(cells.get("04Linear")).containsOnlyKeys(23, 24, 25, 26, 27, 28, 29, 30);
    }
    // end::layer-and-bit[]

    @Test
    void aGrowingGatesLooksAndBoundaries() {
        // tag::sequential-test[]
        int[] looks = GroupSequentialTest.looks(100, 1600);  // 100, 125, 156, 195, ..., 1454, 1600: 14 looks
        GroupSequentialTest gate = GroupSequentialTest.of(0.05, 0.95, looks); // <= 5%, each error <= 2.5%
        assertThat(gate.passBoundary(3)).isEqualTo(2);       // at 195 injections, at most 2 errors pass...
        assertThat(gate.failBoundary(3)).isEqualTo(19);      // ...and 19 or more fail
        assertThat(GroupSequentialTest.of(0.05, 0.95, 195).passBoundary(0)).isEqualTo(3); // one look of 195: 3
        assertThat(gate.decide(3, 2)).isEqualTo(Rate.Decision.BELOW);
        // end::sequential-test[]
        assertThat(looks).hasSize(14);
    }

    @Test
    void howARateIsDecided() {
        // tag::decide[]
        Rate rate = Rate.clopperPearson(3, 100, 0.95); // 3 errors in 100 injections: 3%, 95% interval [0.62%, 8.52%]
        assertThat(rate.decide(0.10)).isEqualTo(Rate.Decision.BELOW);        // upper bound below 10%: pass
        assertThat(rate.decide(0.005)).isEqualTo(Rate.Decision.ABOVE);       // lower bound above 0.5%: breached
        assertThat(rate.decide(0.05)).isEqualTo(Rate.Decision.INCONCLUSIVE); // 5% inside the interval: more injections
        // end::decide[]
        assertThat(rate.lower()).isBetween(0.0062, 0.0063);
        assertThat(rate.upper()).isBetween(0.0851, 0.0852);
    }
}
