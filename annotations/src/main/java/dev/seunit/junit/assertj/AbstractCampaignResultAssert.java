package dev.seunit.junit.assertj;

import static dev.seunit.junit.assertj.internal.FailureMessages.campaign;
import static dev.seunit.junit.assertj.internal.FailureMessages.count;
import static dev.seunit.junit.assertj.internal.FailureMessages.emptyScope;
import static dev.seunit.junit.assertj.internal.FailureMessages.indent;
import static dev.seunit.junit.assertj.internal.FailureMessages.meaning;
import static dev.seunit.junit.assertj.internal.FailureMessages.outcomes;
import static dev.seunit.junit.assertj.internal.FailureMessages.percent;
import static dev.seunit.junit.assertj.internal.FailureMessages.rate;
import static dev.seunit.junit.assertj.internal.FailureMessages.seed;
import static dev.seunit.junit.assertj.internal.FailureMessages.worst;
import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apiguardian.api.API;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.description.TextDescription;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.Outcome;
import dev.seunit.stats.Rate;

/**
 * Assertions on a {@link CampaignResult}: outcome rates with their confidence intervals, the
 * absence of an outcome, comparisons between campaigns, and narrowing to a layer or a bit.
 *
 * <p>Every failure message names the campaign (and the layer or bit it was narrowed to), says
 * what was expected and what was found, shows the rate with its interval and the most severe
 * injections behind it, and ends with the seed that reproduces the campaign.
 *
 * <p>A check on a narrowed result that holds no injection fails (except
 * {@link #hasInjections(int) hasInjections(0)}) and lists the layers and bits the campaign did
 * hit: a mistyped layer pattern must not make a check pass by testing nothing.
 *
 * @param <SELF> the "self" type of this assertion class
 * @param <ACTUAL> the type of result under test
 */
@API(status = MAINTAINED, since = "0.1")
public abstract class AbstractCampaignResultAssert<SELF extends AbstractCampaignResultAssert<SELF, ACTUAL>,
        ACTUAL extends CampaignResult> extends AbstractAssert<SELF, ACTUAL> {

    private static final Set<Outcome> FAILURES = EnumSet.of(Outcome.SDC, Outcome.CRITICAL, Outcome.DUE);
    private static final int MAX_LISTED_VIOLATIONS = 10;

    /** The soft-assertion collector that navigation proxies report to, or null for hard assertions. */
    SoftAssertionsProvider soft;
    /** The result this chain of narrowings started from, to say what exists when a scope is empty. */
    CampaignResult origin;
    /** The user's description before this class appended a scope to it. */
    String userDescription = "";
    /** The description this class set when narrowing, to tell it from one the user set later. */
    String scopeDescription;

    protected AbstractCampaignResultAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
        this.origin = actual;
    }

    // ------------------------------------------------------------------ navigation

    /**
     * The rate of any of the given outcomes, with its 95% Clopper-Pearson interval.
     *
     * <pre>{@code
     * assertThat(result).outcomeRate(Outcome.SDC, Outcome.CRITICAL).hasUpperBoundAtMost(0.01);
     * }</pre>
     */
    @CheckReturnValue
    public RateAssert outcomeRate(Outcome outcome, Outcome... more) {
        return outcomeRate(0.95, outcome, more);
    }

    /** The rate of any of the given outcomes, with its Clopper-Pearson interval at {@code confidence}. */
    @CheckReturnValue
    public RateAssert outcomeRate(double confidence, Outcome outcome, Outcome... more) {
        isNotNull();
        Set<Outcome> outcomes = EnumSet.of(Objects.requireNonNull(outcome, "outcome"), more);
        Rate rate = actual.rate(outcomes, confidence);
        RateAssert next = soft == null ? new RateAssert(rate) : soft.proxy(RateAssert.class, Rate.class, rate);
        next.context = new RateContext("the " + outcomes(outcomes) + " rate of " + subject(), actual, outcomes,
                actual.injections() == 0 ? emptyScope(actual, origin) : "");
        next.campaign = this;
        if (info.hasDescription()) {
            next.info.description(info.description());
        }
        next.info.useRepresentation(info.representation());
        return next;
    }

    /** The rate of failures: {@link Outcome#SDC}, {@link Outcome#CRITICAL} or {@link Outcome#DUE}. */
    @CheckReturnValue
    public RateAssert failureRate() {
        return outcomeRate(Outcome.SDC, Outcome.CRITICAL, Outcome.DUE);
    }

    /**
     * Narrows the checks that follow to injections whose first fault lies in a layer or
     * parameter matching {@code pattern} (a glob such as {@code "enc1*"}, or {@code regex:...}).
     * The scope is added to the description, so failures name it.
     */
    @CheckReturnValue
    public CampaignResultAssert layer(String pattern) {
        isNotNull();
        return narrowed(actual.layer(pattern));
    }

    /** Narrows the checks that follow to injections whose first fault's top bit is {@code bit} (0 = LSB). */
    @CheckReturnValue
    public CampaignResultAssert bit(int bit) {
        isNotNull();
        return narrowed(actual.bit(bit));
    }

    /**
     * Narrows the checks that follow to the injections {@code filter} keeps; {@code description}
     * names the subset in messages, e.g. {@code where(r -> r.magnitude() == ONE_TO_TWO, "1 <= |x| < 2")}.
     */
    @CheckReturnValue
    public CampaignResultAssert where(Predicate<? super InjectionRecord> filter, String description) {
        isNotNull();
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(description, "description");
        return narrowed(actual.where(filter::test, description));
    }

    private CampaignResultAssert narrowed(CampaignResult result) {
        CampaignResultAssert next = soft == null ? new CampaignResultAssert(result)
                : soft.proxy(CampaignResultAssert.class, CampaignResult.class, result);
        next.soft = soft;
        next.origin = origin;
        String current = info.descriptionText();
        next.userDescription = current.equals(scopeDescription) ? userDescription : current;
        next.scopeDescription = next.userDescription.isEmpty() ? result.scope()
                : next.userDescription + " (" + result.scope() + ")";
        next.info.description(new TextDescription(next.scopeDescription));
        next.info.useRepresentation(info.representation());
        return next;
    }

    // ------------------------------------------------------------------ checks

    /** Verifies the number of injections (in the current scope). */
    public SELF hasInjections(int expected) {
        isNotNull();
        if (actual.injections() != expected) {
            String whole = actual.scope().isEmpty() ? ""
                    : "of " + count(origin.injections()) + " injections in " + campaign(origin, true) + ", ";
            failWithMessage("%s", "Expecting " + subject() + " to have " + count(expected) + " injections but had "
                    + count(actual.injections()) + " (" + whole + count(actual.info().plannedInjections())
                    + " planned).\n" + seed(actual));
        }
        return myself;
    }

    /** Verifies that no injection ended in {@link Outcome#DUE} (a non-finite output, an exception or a timeout). */
    public SELF hasNoDue() {
        return hasNo(Outcome.DUE);
    }

    /** Verifies that no injection ended in any of the given outcomes. */
    public SELF hasNo(Outcome outcome, Outcome... more) {
        Set<Outcome> outcomes = EnumSet.of(Objects.requireNonNull(outcome, "outcome"), more);
        String label = outcomes(outcomes);
        requireInjections("to have no " + label);
        Rate rate = actual.rate(outcomes, 0.95);
        if (rate.count() > 0) {
            StringBuilder meanings = new StringBuilder();
            for (Outcome o : outcomes) {
                meanings.append(meanings.length() == 0 ? "" : "; ").append(o).append(": ").append(meaning(o));
            }
            failWithMessage("%s", "Expecting no " + label + " in " + subject() + " but " + count(rate.count()) + " of "
                    + count(rate.trials()) + " injections ended in " + label + ": " + rate(rate) + ".\n("
                    + meanings + ")" + worst(actual, outcomes) + "\n" + seed(actual));
        }
        return myself;
    }

    /**
     * Verifies that the point estimate of the rate of the given outcomes is lower here than in
     * {@code other}. A lower estimate may be chance; {@link #hasSignificantlyLowerRateThan}
     * asks for the intervals to be apart.
     */
    public SELF hasLowerRateThan(CampaignResult other, Outcome outcome, Outcome... more) {
        Set<Outcome> outcomes = EnumSet.of(Objects.requireNonNull(outcome, "outcome"), more);
        Objects.requireNonNull(other, "the campaign result to compare with");
        String label = outcomes(outcomes);
        requireInjections("to have a lower " + label + " rate than " + campaign(other, true));
        requireOther(other, label);
        Rate mine = actual.rate(outcomes, 0.95);
        Rate theirs = other.rate(outcomes, 0.95);
        if (!(mine.estimate() < theirs.estimate())) {
            String why = mine.lower() > theirs.upper()
                    ? "\nThe intervals do not overlap: " + subject() + " is significantly worse."
                    : "";
            failWithMessage("%s", "Expecting the " + label + " rate of " + subject() + " to be lower than that of "
                    + campaign(other, true) + " but it was " + rate(mine) + " against " + rate(theirs) + "." + why
                    + worst(actual, outcomes) + "\n" + seeds(other));
        }
        return myself;
    }

    /**
     * Verifies that the rate of the given outcomes is lower here than in {@code other} with 95%
     * confidence: the upper bound of this rate's interval is below the lower bound of the
     * other's. (Non-overlapping intervals are a conservative test: a real but small difference
     * needs many injections in both campaigns.)
     */
    public SELF hasSignificantlyLowerRateThan(CampaignResult other, Outcome outcome, Outcome... more) {
        Set<Outcome> outcomes = EnumSet.of(Objects.requireNonNull(outcome, "outcome"), more);
        Objects.requireNonNull(other, "the campaign result to compare with");
        String label = outcomes(outcomes);
        requireInjections("to have a significantly lower " + label + " rate than " + campaign(other, true));
        requireOther(other, label);
        Rate mine = actual.rate(outcomes, 0.95);
        Rate theirs = other.rate(outcomes, 0.95);
        if (!(mine.upper() < theirs.lower())) {
            String why = mine.estimate() < theirs.estimate()
                    ? "The estimates are in the expected order but the 95% intervals overlap, so the difference may be"
                            + " chance; more injections in both campaigns would narrow the intervals."
                    : "Not even the estimates are in the expected order.";
            failWithMessage("%s", "Expecting the " + label + " rate of " + subject() + " to be significantly lower"
                    + " than that of " + campaign(other, true) + " (95% upper bound below the other's lower bound)"
                    + " but the upper bound " + percent(mine.upper()) + " is not below " + percent(theirs.lower())
                    + ".\nRates: " + rate(mine) + " against " + rate(theirs) + ".\n" + why
                    + worst(actual, outcomes) + "\n" + seeds(other));
        }
        return myself;
    }

    /**
     * Verifies that this campaign's failure rate ({@link Outcome#SDC}, {@link Outcome#CRITICAL}
     * or {@link Outcome#DUE}) is significantly lower than {@code other}'s: the same as
     * {@code hasSignificantlyLowerRateThan(other, SDC, CRITICAL, DUE)}. Typically {@code other}
     * is the same campaign on the unprotected network.
     */
    public SELF isMoreRobustThan(CampaignResult other) {
        return hasSignificantlyLowerRateThan(other, Outcome.SDC, Outcome.CRITICAL, Outcome.DUE);
    }

    /**
     * Verifies that every injection (in the current scope) satisfies {@code requirements}, a
     * consumer that throws an {@link AssertionError} for a record it rejects. The message lists
     * the first rejected injections with their errors.
     *
     * <pre>{@code
     * assertThat(result).bit(0).allInjectionsSatisfy(r -> assertThat(r.maxAbsDelta()).isLessThan(1e-3));
     * }</pre>
     */
    public SELF allInjectionsSatisfy(Consumer<? super InjectionRecord> requirements) {
        Objects.requireNonNull(requirements, "requirements");
        requireInjections("to have every injection satisfy the given requirements");
        List<String> violations = new ArrayList<>();
        int rejected = 0;
        for (InjectionRecord r : actual.records()) {
            try {
                requirements.accept(r);
            } catch (AssertionError e) {
                if (rejected++ < MAX_LISTED_VIOLATIONS) {
                    String reason = e.getMessage() == null ? e.toString() : e.getMessage().strip();
                    violations.add("  #" + r.index() + " " + r + "\n" + indent(reason, "      "));
                }
            }
        }
        if (rejected > 0) {
            failWithMessage("%s", "Expecting every injection of " + subject() + " to satisfy the given requirements"
                    + " but " + count(rejected) + " of " + count(actual.injections()) + " did not:\n"
                    + String.join("\n", violations)
                    + (rejected > MAX_LISTED_VIOLATIONS ? "\n  ... and " + (rejected - MAX_LISTED_VIOLATIONS) + " more"
                            : "")
                    + "\n" + seed(actual));
        }
        return myself;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * How messages name the result under test: {@code campaign <name> [scope]}, leaving out the
     * scope when the description already says it.
     */
    String subject() {
        String scope = actual.scope();
        return campaign(actual, scope.isEmpty() || !info.descriptionText().contains(scope));
    }

    private void requireInjections(String expectation) {
        isNotNull();
        if (actual.injections() == 0) {
            failWithMessage("%s", "Expecting " + subject() + " " + expectation + " but "
                    + emptyScope(actual, origin) + ".");
        }
    }

    private void requireOther(CampaignResult other, String label) {
        if (other.injections() == 0) {
            failWithMessage("%s", "Expecting " + subject() + " to be compared on its " + label + " rate with "
                    + campaign(other, true) + " but that result has no injections: there is nothing to compare with.");
        }
    }

    private String seeds(CampaignResult other) {
        return seed(actual) + (other.info().seed() == actual.info().seed() ? ""
                : " (" + campaign(other, false) + ": seed " + other.info().seed() + ")");
    }
}
