package dev.seunit.junit.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.junit.GateFailedError;
import dev.seunit.junit.MaxErrorRate;
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
            String outcomes = Arrays.stream(g.outcome()).map(Enum::name).collect(Collectors.joining("|"));
            String why = decision == Rate.Decision.ABOVE
                    ? "the lower bound is above " + percent(g.value()) + ": the threshold is breached"
                    : "the interval still contains " + percent(g.value()) + " after " + result.injections()
                            + " injections, the most this test allows (raise @MaxErrorRate(maxInjections) or the "
                            + "campaign's budget to decide): inconclusive";
            String message = String.format(Locale.ROOT,
                    "%s rate of %s must be at most %s (@MaxErrorRate) but was %s (%d of %d injections), %.0f%% "
                            + "Clopper-Pearson interval [%s, %s]; %s.%n%s%n%s",
                    outcomes, displayName, percent(g.value()), percent(rate.estimate()), rate.count(), rate.trials(),
                    100 * rate.confidence(), percent(rate.lower()), percent(rate.upper()), why,
                    Rerun.worst(result.worst(3)), Rerun.line(method, result.info().seed()));
            return new GateFailedError(message, decision == Rate.Decision.INCONCLUSIVE);
        }
        return null;
    }

    private static Rate rate(MaxErrorRate gate, CampaignResult result) {
        Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        outcomes.addAll(Arrays.asList(gate.outcome()));
        return result.rate(outcomes, gate.confidence());
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.3g%%", 100 * rate);
    }
}
