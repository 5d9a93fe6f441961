package dev.seunit.junit.assertj;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.function.Consumer;

import org.apiguardian.api.API;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.SoftAssertionsProvider;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.stats.Rate;

/**
 * Entry point of the SEUnit AssertJ assertions. Import it statically next to AssertJ's
 * {@code Assertions}; the overloads do not clash.
 *
 * <pre>{@code
 * import static dev.seunit.junit.assertj.SeunitAssertions.assertThat;
 *
 * assertThat(result).hasNoDue()
 *         .outcomeRate(Outcome.CRITICAL).hasUpperBoundAtMost(0.01);
 * assertThat(result).layer("enc1*").bit(30).outcomeRate(Outcome.SDC, Outcome.CRITICAL).isAtMost(0.05);
 * assertThat(hardened).isMoreRobustThan(baseline);
 * }</pre>
 */
@API(status = MAINTAINED, since = "0.1")
public class SeunitAssertions {

    /** For entry points that extend this one. */
    protected SeunitAssertions() {
    }

    /** Assertions on a campaign result. */
    @CheckReturnValue
    public static CampaignResultAssert assertThat(CampaignResult actual) {
        return new CampaignResultAssert(actual);
    }

    /** Assertions on a rate with its confidence interval. */
    @CheckReturnValue
    public static RateAssert assertThat(Rate actual) {
        return new RateAssert(actual);
    }

    /**
     * Runs {@code softly} on fresh {@link SeunitSoftAssertions} and reports every collected
     * failure at the end, in one {@link AssertionError}.
     */
    public static void assertSoftly(Consumer<SeunitSoftAssertions> softly) {
        SoftAssertionsProvider.assertSoftly(SeunitSoftAssertions.class, softly);
    }
}
