package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.junit.GateFailedError;
import dev.seunit.junit.MaxErrorRate;
import dev.seunit.junit.assertj.internal.FailureMessages;
import dev.seunit.stats.Rate;

/** Decides {@link MaxErrorRate}s on Clopper-Pearson intervals. */
final class Gates {

    private Gates() {
    }

    /** Whether every gate is decided (below or above its threshold). */
    static boolean decided(List<MaxErrorRate> gates, CampaignResult result) {
        return gates.stream().noneMatch(g -> rate(g, result).decide(g.value()) == Rate.Decision.INCONCLUSIVE);
    }

    /** The failure of the first gate that is not met, or null when all pass. */
    static GateFailedError verdict(List<MaxErrorRate> gates, CampaignResult result, Method method, String displayName) {
        for (MaxErrorRate g : gates) {
            Rate rate = rate(g, result);
            Rate.Decision decision = rate.decide(g.value());
            if (decision == Rate.Decision.BELOW) {
                continue;
            }
            Set<Outcome> outcomes = outcomes(g);
            String[] limit = FailureMessages.percents(g.value(), rate.estimate());
            String why = decision == Rate.Decision.ABOVE
                    ? "the lower bound is above " + limit[0] + ": the threshold is breached"
                    : "the interval still contains " + limit[0] + " after " + result.injections()
                            + " injections, the most this test allows (raise @MaxErrorRate(maxInjections) or the "
                            + "campaign's budget to decide): inconclusive";
            String message = String.format(Locale.ROOT,
                    "%s rate of %s must be at most %s (@MaxErrorRate) but was %s (%d of %d injections), %s "
                            + "Clopper-Pearson interval [%s, %s]; %s.%s%n%s",
                    FailureMessages.outcomes(outcomes), displayName, limit[0], limit[1], rate.count(), rate.trials(),
                    FailureMessages.confidence(rate.confidence()), FailureMessages.percent(rate.lower()),
                    FailureMessages.percent(rate.upper()), why, FailureMessages.worst(result, outcomes),
                    Rerun.line(method, result.info().seed()));
            return new GateFailedError(message, decision == Rate.Decision.INCONCLUSIVE);
        }
        return null;
    }

    private static Rate rate(MaxErrorRate gate, CampaignResult result) {
        return result.rate(outcomes(gate), gate.confidence());
    }

    private static Set<Outcome> outcomes(MaxErrorRate gate) {
        Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        outcomes.addAll(Arrays.asList(gate.outcome()));
        return outcomes;
    }
}
