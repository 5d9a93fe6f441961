package dev.seunit.junit.assertj;

import java.util.Set;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;

/**
 * Where a rate under test came from, so that its failure messages can name it and show the
 * injections behind it.
 *
 * @param subject how messages name the rate, e.g. {@code the DUE rate of campaign <msb>}
 * @param source the (possibly narrowed) result the rate was computed on; null for a bare rate
 * @param outcomes the outcomes the rate counts; empty for a bare rate
 * @param noTrials why the rate has no trials, when it has none
 */
record RateContext(String subject, CampaignResult source, Set<Outcome> outcomes, String noTrials) {

    static final RateContext BARE = new RateContext("the rate", null, Set.of(),
            "the rate has no trials: nothing was measured");

    RateContext {
        outcomes = Set.copyOf(outcomes);
    }
}
