package dev.seunit.stats;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Locale;

import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;
import org.apiguardian.api.API;

/**
 * An observed rate {@code count / trials} with its exact (Clopper-Pearson) confidence interval.
 */
@API(status = MAINTAINED, since = "0.1")
public record Rate(long count, long trials, double lower, double upper, double confidence) {

    public Rate {
        check(count, trials, confidence);
    }

    private static void check(long count, long trials, double confidence) {
        if (trials < 0 || count < 0 || count > trials) {
            throw new IllegalArgumentException("a rate needs 0 <= count <= trials; got " + count + "/" + trials);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95; got " + confidence);
        }
    }

    /** The Clopper-Pearson interval, computed by Apache Commons Statistics. */
    public static Rate clopperPearson(long count, long trials, double confidence) {
        // checked here too, so that bad arguments are reported in our terms, not the library's
        check(count, trials, confidence);
        if (trials == 0) {
            return new Rate(0, 0, 0, 1, confidence);
        }
        if (trials > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " trials; got " + trials);
        }
        Interval interval = BinomialConfidenceInterval.CLOPPER_PEARSON.fromErrorRate((int) trials, (int) count,
                1 - confidence);
        return new Rate(count, trials, interval.getLowerBound(), interval.getUpperBound(), confidence);
    }

    /** The point estimate; 0 when there were no trials. */
    public double estimate() {
        return trials == 0 ? 0 : (double) count / trials;
    }

    /** How this rate compares with {@code threshold}: below it, above it, or not yet decided. */
    public Decision decide(double threshold) {
        if (upper <= threshold) {
            return Decision.BELOW;
        }
        if (lower > threshold) {
            return Decision.ABOVE;
        }
        return Decision.INCONCLUSIVE;
    }

    /** Where a rate stands against a threshold at its confidence level. */
    @API(status = MAINTAINED, since = "0.1")
    public enum Decision {
        /** The upper bound is at most the threshold. */
        BELOW,
        /** The lower bound exceeds the threshold. */
        ABOVE,
        /** The interval contains the threshold: more trials are needed. */
        INCONCLUSIVE
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4g%% (%d/%d, %.0f%% CI [%.4g%%, %.4g%%])", 100 * estimate(), count, trials,
                100 * confidence, 100 * lower, 100 * upper);
    }
}
