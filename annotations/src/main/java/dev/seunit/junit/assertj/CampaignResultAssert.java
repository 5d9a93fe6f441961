package dev.seunit.junit.assertj;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

import dev.seunit.campaign.CampaignResult;

/**
 * Assertions on a {@link CampaignResult}; get one from
 * {@link SeunitAssertions#assertThat(CampaignResult)}.
 *
 * <pre>{@code
 * assertThat(result).hasNoDue()
 *         .outcomeRate(Outcome.CRITICAL).hasUpperBoundAtMost(0.01)
 *         .returnToCampaign()
 *         .layer("enc1*").bit(30).outcomeRate(Outcome.SDC, Outcome.CRITICAL).isAtMost(0.05);
 * }</pre>
 */
@API(status = MAINTAINED, since = "0.1")
public class CampaignResultAssert extends AbstractCampaignResultAssert<CampaignResultAssert, CampaignResult> {

    public CampaignResultAssert(CampaignResult actual) {
        super(actual, CampaignResultAssert.class);
    }
}
