package dev.seunit.stats.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apiguardian.api.API;

import dev.seunit.stats.Rate;
import dev.seunit.stats.StratumSample;

/**
 * The interval of {@link Rate#stratified}: Fay and Feuer's gamma interval for a weighted sum of
 * counts ("Confidence intervals for directly standardized rates: a method based on the gamma
 * distribution", Statistics in Medicine 16, 1997). With {@code y = sum w_h x_h},
 * {@code v = sum w_h^2 x_h} and {@code w_M} the largest weight of one event, the lower bound is
 * the {@code alpha} quantile of a gamma distribution with mean {@code y} and variance {@code v},
 * the upper bound the {@code 1 - alpha} quantile of one with mean {@code y + w_M} and variance
 * {@code v + w_M^2} (for a single count both are the exact Garwood bounds). Census strata add
 * their known share; a single sampled stratum gets the exact Clopper-Pearson bounds instead.
 */
@API(status = INTERNAL, since = "0.2")
public final class WeightedGammaInterval {

    private WeightedGammaInterval() {
    }

    /** {@code {estimate, lower, upper}}, each bound erring with probability at most {@code alpha}. */
    public static double[] of(List<StratumSample> strata, double alpha) {
        List<StratumSample> used = new ArrayList<>();
        double total = 0;
        for (StratumSample s : strata) {
            if (s.trials() > 0 && s.weight() > 0) {
                used.add(s);
                total += s.weight();
            }
        }
        if (used.isEmpty()) {
            return new double[] {0, 0, 1};
        }
        double estimate = 0;
        for (StratumSample s : used) {
            estimate += s.weight() / total * s.count() / s.trials();
        }
        double[] bounds;
        if (estimate <= 0.5) {
            bounds = bounds(used, total, false, alpha);
        } else {
            double[] ofNonEvents = bounds(used, total, true, alpha);
            bounds = new double[] {1 - ofNonEvents[1], 1 - ofNonEvents[0]};
        }
        double lower = Math.max(0, Math.min(bounds[0], estimate));
        double upper = Math.min(1, Math.max(bounds[1], estimate));
        return new double[] {estimate, lower, upper};
    }

    /** Bounds on the weighted rate of events, or of non-events when {@code complement}. */
    private static double[] bounds(List<StratumSample> used, double total, boolean complement, double alpha) {
        double known = 0;
        double y = 0;
        double v = 0;
        double maxWeight = 0;
        StratumSample onlySampled = null;
        int sampled = 0;
        for (StratumSample s : used) {
            long events = complement ? s.trials() - s.count() : s.count();
            double share = s.weight() / total;
            if (s.census()) {
                known += share * events / s.trials();
                continue;
            }
            double w = share / s.trials();
            y += w * events;
            v += w * w * events;
            maxWeight = Math.max(maxWeight, w);
            onlySampled = s;
            sampled++;
        }
        if (sampled == 0) {
            return new double[] {known, known};
        }
        if (sampled == 1) {
            long events = complement ? onlySampled.trials() - onlySampled.count() : onlySampled.count();
            Rate exact = Rate.clopperPearson(events, onlySampled.trials(), 1 - 2 * alpha);
            double share = onlySampled.weight() / total;
            return new double[] {known + share * exact.lower(), known + share * exact.upper()};
        }
        double lower = y == 0 ? 0 : GammaDistribution.of(y * y / v, v / y).inverseCumulativeProbability(alpha);
        double mean = y + maxWeight;
        double variance = v + maxWeight * maxWeight;
        double upper = GammaDistribution.of(mean * mean / variance, variance / mean)
                .inverseCumulativeProbability(1 - alpha);
        return new double[] {known + lower, known + upper};
    }
}
