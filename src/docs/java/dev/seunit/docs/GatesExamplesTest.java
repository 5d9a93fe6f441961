package dev.seunit.docs;

import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.BitSelection;
import dev.seunit.junit.FaultCampaign;
import dev.seunit.junit.InputsUnderTest;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.ModelUnderTest;
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
    @FaultCampaign(injections = 100, seed = 42)              // start with 100 injections...
    @MaxErrorRate(value = 0.25, outcome = {Outcome.CRITICAL, Outcome.DUE},
            confidence = 0.99, maxInjections = 1600)         // ...double while undecided, up to 1,600
    @MaxErrorRate(value = 0.10, outcome = Outcome.DUE)       // gates repeat; each is decided on its own interval
    void anyBitFlip(CampaignResult result) {
        assertThat(result.injections()).isBetween(100, 1600);
    }
    // end::sequential[]

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
