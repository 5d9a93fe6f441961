package dev.seunit.junit.assertj;

import static dev.seunit.junit.assertj.internal.FailureMessages.confidence;
import static dev.seunit.junit.assertj.internal.FailureMessages.count;
import static dev.seunit.junit.assertj.internal.FailureMessages.counts;
import static dev.seunit.junit.assertj.internal.FailureMessages.injectionsToShowAtMost;
import static dev.seunit.junit.assertj.internal.FailureMessages.percent;
import static dev.seunit.junit.assertj.internal.FailureMessages.percents;
import static dev.seunit.junit.assertj.internal.FailureMessages.seed;
import static dev.seunit.junit.assertj.internal.FailureMessages.worst;
import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;

import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import dev.seunit.stats.Rate;

/**
 * Assertions on a {@link Rate}: an estimated rate with its confidence interval (Clopper-Pearson
 * for a uniform sample; for a stratified one, the estimate weighs each stratum by its share of
 * the fault space, see {@link Rate#stratified}). Thresholds are fractions ({@code 0.01} for 1%).
 *
 * <p>Two kinds of checks: on the <em>point estimate</em> ({@link #isAtMost}, {@link #isAtLeast},
 * {@link #isZero}) and on the <em>interval</em> ({@link #hasUpperBoundAtMost},
 * {@link #hasLowerBoundAbove}). Only the interval checks are statistical statements: "the
 * upper bound is at most 1%" means the true rate is below 1% at the interval's confidence,
 * whereas an estimate of 0.8% from 200 injections says little. Gate on the upper bound.
 *
 * <p>A rate reached through {@link AbstractCampaignResultAssert#outcomeRate} knows the
 * campaign it was measured on: its failure messages list the worst injections behind it and
 * the seed that reproduces them, and {@link #returnToCampaign()} goes back to the campaign.
 *
 * @param <SELF> the "self" type of this assertion class
 * @param <ACTUAL> the type of rate under test
 */
@API(status = MAINTAINED, since = "0.1")
public abstract class AbstractRateAssert<SELF extends AbstractRateAssert<SELF, ACTUAL>, ACTUAL extends Rate>
        extends AbstractAssert<SELF, ACTUAL> {

    /** Where the rate came from; set by the assertion that navigated here. */
    RateContext context = RateContext.BARE;
    /** The assertion {@link #returnToCampaign()} goes back to, or null for a bare rate. */
    AbstractCampaignResultAssert<?, ?> campaign;

    protected AbstractRateAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /**
     * Verifies that no trial counted: {@code count == 0}. Says nothing about how small the
     * true rate is; see {@link #hasUpperBoundAtMost} for that.
     */
    public SELF isZero() {
        requireTrials("to be zero");
        if (actual.count() != 0) {
            fail("Expecting " + context.subject() + " to be zero but " + actual.count() + " of " + count(actual.trials())
                    + " trials counted: " + percent(actual.estimate()) + " " + counts(actual) + ".",
                    worstAndSeed());
        }
        return myself;
    }

    /**
     * Verifies that the point estimate ({@code count / trials} for a uniform sample) is at most {@code max}. The
     * estimate alone is not a guarantee; {@link #hasUpperBoundAtMost} is the statistically
     * meaningful gate.
     *
     * @param max a fraction in [0, 1], e.g. {@code 0.01} for 1%
     */
    public SELF isAtMost(double max) {
        checkFraction(max);
        String[] p = percents(max, actual == null ? 0 : actual.estimate());
        requireTrials("to be at most " + p[0]);
        if (actual.estimate() > max) {
            String why = actual.lower() > max
                    ? "The whole " + confidence(actual.confidence()) + " interval lies above " + p[0]
                            + ": the limit is exceeded with " + confidence(actual.confidence()) + " confidence."
                    : "The " + confidence(actual.confidence()) + " interval still reaches down to "
                            + percent(actual.lower()) + ", so this may be chance; more injections would tell.";
            fail("Expecting " + context.subject() + " to be at most " + p[0] + " but was " + p[1] + " "
                    + counts(actual) + ".\n" + why, worstAndSeed());
        }
        return myself;
    }

    /**
     * Verifies that the point estimate {@code count / trials} is at least {@code min}.
     *
     * @param min a fraction in [0, 1], e.g. {@code 0.01} for 1%
     */
    public SELF isAtLeast(double min) {
        checkFraction(min);
        String[] p = percents(min, actual == null ? 0 : actual.estimate());
        requireTrials("to be at least " + p[0]);
        if (actual.estimate() < min) {
            fail("Expecting " + context.subject() + " to be at least " + p[0] + " but was " + p[1] + " "
                    + counts(actual) + ".", seedOnly());
        }
        return myself;
    }

    /**
     * Verifies that the upper bound of the confidence interval is at most {@code max}: the
     * true rate is at most {@code max} at the interval's confidence. This is the gate to use.
     * It fails both when the rate is too high and when there are too few trials to show that
     * it is low enough; the message says which, and how many injections would decide it.
     *
     * @param max a fraction in [0, 1], e.g. {@code 0.01} for 1%
     */
    public SELF hasUpperBoundAtMost(double max) {
        checkFraction(max);
        String[] p = percents(max, actual == null ? 0 : actual.upper());
        requireTrials("to have an upper bound of at most " + p[0]);
        if (actual.upper() > max) {
            String conf = confidence(actual.confidence());
            String why;
            if (actual.lower() > max) {
                why = "Even the lower bound " + percent(actual.lower()) + " is above " + p[0]
                        + ": the rate exceeds the limit with " + conf + " confidence.";
            } else if (actual.estimate() >= max) {
                why = "The observed rate is not below " + p[0] + " either; the interval contains the limit, so "
                        + count(actual.trials()) + " trials cannot decide, but nothing suggests the rate meets it.";
            } else {
                // the hint sizes a uniform sample; a stratified one would need every stratum to grow
                long needed = actual.method() == Rate.Method.CLOPPER_PEARSON
                        ? injectionsToShowAtMost(actual.estimate(), max, actual.confidence()) : -1;
                why = "The interval contains " + p[0] + ": " + count(actual.trials()) + " trials cannot show that the"
                        + " rate is below it (inconclusive, not necessarily too high)."
                        + (needed > 0 ? " At the observed rate, about " + count(needed) + " trials"
                                + (actual.count() == 0 ? " without a single one counting" : "")
                                + " would bring the upper bound to " + p[0] + "." : "");
            }
            fail("Expecting the upper bound of the " + conf + " interval of " + context.subject() + " to be at most "
                    + p[0] + " but was " + p[1] + ": " + percent(actual.estimate()) + " " + counts(actual) + ".\n"
                    + why, worstAndSeed());
        }
        return myself;
    }

    /**
     * Verifies that the lower bound of the confidence interval is above {@code min}: the true
     * rate exceeds {@code min} at the interval's confidence (e.g. that an unprotected network
     * really does fail, so that a fix can be shown to matter).
     *
     * @param min a fraction in [0, 1], e.g. {@code 0.01} for 1%
     */
    public SELF hasLowerBoundAbove(double min) {
        checkFraction(min);
        String[] p = percents(min, actual == null ? 0 : actual.lower());
        requireTrials("to have a lower bound above " + p[0]);
        if (!(actual.lower() > min)) {
            String conf = confidence(actual.confidence());
            String why = actual.upper() <= min
                    ? "The whole interval lies at or below " + p[0] + ": the rate is at most " + p[0] + " with " + conf
                            + " confidence."
                    : "The interval contains " + p[0] + ": these trials do not show that the rate exceeds it.";
            fail("Expecting the lower bound of the " + conf + " interval of " + context.subject() + " to be above "
                    + p[0] + " but was " + p[1] + ": " + percent(actual.estimate()) + " " + counts(actual) + ".\n"
                    + why, seedOnly());
        }
        return myself;
    }

    /**
     * Goes back to the campaign this rate was measured on, to chain more checks.
     *
     * @throws IllegalStateException when this rate was not reached from a campaign assertion
     */
    public AbstractCampaignResultAssert<?, ?> returnToCampaign() {
        if (campaign == null) {
            throw new IllegalStateException("this rate was not reached through assertThat(campaignResult)"
                    + ".outcomeRate(...), so there is no campaign to return to");
        }
        return campaign;
    }

    private void requireTrials(String expectation) {
        isNotNull();
        if (actual.trials() == 0) {
            failWithMessage("%s", "Expecting " + context.subject() + " " + expectation + " but " + context.noTrials()
                    + ".");
        }
    }

    private void fail(String message, String details) {
        failWithMessage("%s", message + details);
    }

    private String worstAndSeed() {
        if (context.source() == null) {
            return "";
        }
        return worst(context.source(), context.outcomes()) + "\n" + seed(context.source());
    }

    private String seedOnly() {
        return context.source() == null ? "" : "\n" + seed(context.source());
    }

    static void checkFraction(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            String hint = threshold > 1 && threshold <= 100
                    ? String.format(Locale.ROOT, " (for %s%% write %s)", trim(threshold), trim(threshold / 100))
                    : "";
            throw new IllegalArgumentException("a rate threshold is a fraction in [0, 1], e.g. 0.01 for 1%; got "
                    + threshold + hint);
        }
    }

    private static String trim(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
