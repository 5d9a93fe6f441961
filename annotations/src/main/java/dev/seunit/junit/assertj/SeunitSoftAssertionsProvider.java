package dev.seunit.junit.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.SoftAssertionsProvider;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.stats.Rate;

/**
 * Soft versions of the SEUnit assertions, for any {@link SoftAssertionsProvider}: implement
 * this interface in your own soft-assertions class to mix SEUnit checks with others. Failures
 * are collected, including those of the rates and narrowed results reached from a campaign
 * ({@code outcomeRate}, {@code layer}, {@code bit}), and reported together by
 * {@link SoftAssertionsProvider#assertAll()}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface SeunitSoftAssertionsProvider extends SoftAssertionsProvider {

    /** A soft assertion on a campaign result. */
    @CheckReturnValue
    default CampaignResultAssert assertThat(CampaignResult actual) {
        CampaignResultAssert soft = proxy(CampaignResultAssert.class, CampaignResult.class, actual);
        soft.soft = this;
        return soft;
    }

    /** A soft assertion on a rate. */
    @CheckReturnValue
    default RateAssert assertThat(Rate actual) {
        return proxy(RateAssert.class, Rate.class, actual);
    }
}
