package dev.seunit.junit.assertj;

import static org.apiguardian.api.API.Status.MAINTAINED;

import org.apiguardian.api.API;

import dev.seunit.stats.Rate;

/**
 * Assertions on a {@link Rate}; get one from {@link SeunitAssertions#assertThat(Rate)} or from
 * {@link AbstractCampaignResultAssert#outcomeRate}.
 *
 * <pre>{@code
 * assertThat(result).outcomeRate(Outcome.CRITICAL).hasUpperBoundAtMost(0.01);
 * assertThat(Rate.clopperPearson(0, 300, 0.95)).isZero().hasUpperBoundAtMost(0.0125);
 * }</pre>
 */
@API(status = MAINTAINED, since = "0.1")
public class RateAssert extends AbstractRateAssert<RateAssert, Rate> {

    public RateAssert(Rate actual) {
        super(actual, RateAssert.class);
    }
}
