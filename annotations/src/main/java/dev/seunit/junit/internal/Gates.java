package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.GateVerdict;
import dev.seunit.junit.GateFailedError;
import dev.seunit.junit.assertj.internal.FailureMessages;
import dev.seunit.stats.Rate;

/** The failure of a {@link dev.seunit.junit.MaxErrorRate} that was not met, in words. */
final class Gates {

    private Gates() {
    }

    /**
     * The failure of the first gate that is not met, or null when all pass. Provisional
     * verdicts (a shard's) never fail: the merge of all shards decides.
     */
    static GateFailedError verdict(List<GateVerdict> verdicts, CampaignResult result, Method method,
            String displayName) {
        for (GateVerdict v : verdicts) {
            if (v.passed() || v.provisional()) {
                continue;
            }
            Rate rate = v.rate();
            String[] limit = FailureMessages.percents(v.gate().threshold(), rate.estimate());
            String message = String.format(Locale.ROOT, "%s rate of %s must be at most %s (@MaxErrorRate) but was %s "
                    + "(%d of %d injections%s), %s; %s.%s%n%s", v.gate().outcomesLabel(), displayName, limit[0],
                    limit[1], rate.count(), rate.trials(), rate.method() == Rate.Method.STRATIFIED
                            ? ", weighted by stratum" : "", how(v), why(v, limit[0]),
                    FailureMessages.worst(result, v.gate().outcomes()), Rerun.line(method, result.info().seed()));
            return new GateFailedError(message, v.inconclusive());
        }
        return null;
    }

    /** The bounds it was decided by, and the method when it is not the plain Clopper-Pearson one. */
    private static String how(GateVerdict v) {
        Rate rate = v.rate();
        String bounds = " [" + FailureMessages.percent(rate.lower()) + ", " + FailureMessages.percent(rate.upper())
                + "]";
        String level = FailureMessages.confidence(rate.confidence());
        switch (rate.method()) {
            case GROUP_SEQUENTIAL:
                return level + " group-sequential bounds at look " + v.looksTaken() + " of " + v.looksPlanned() + bounds
                        + " (" + v.method() + ")";
            case STRATIFIED:
                return level + " " + rate.method() + " interval" + bounds + " of " + v.method();
            default:
                return level + " Clopper-Pearson interval" + bounds;
        }
    }

    private static String why(GateVerdict v, String limit) {
        boolean counted = v.looksPlanned() > 1;
        if (v.breached()) {
            return counted ? "at look " + v.looksTaken() + " of " + v.looksPlanned() + " (" + v.injections()
                    + " injections) the count reached the fail boundary of " + v.failBoundary()
                    + ": the threshold is breached"
                    : "the lower bound is above " + limit + ": the threshold is breached";
        }
        String fix = " (raise @MaxErrorRate(maxInjections) or the campaign's budget to decide): inconclusive";
        return counted ? "after all " + v.looksPlanned() + " planned looks (" + v.injections() + " injections, the "
                + "most this test allows) the count lies between the pass boundary of " + v.passBoundary()
                + " and the fail boundary of " + v.failBoundary() + fix
                : "the interval still contains " + limit + " after " + v.injections() + " injections, the most this "
                        + "test allows" + fix;
    }
}
