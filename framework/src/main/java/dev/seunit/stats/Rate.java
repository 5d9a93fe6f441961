package dev.seunit.stats;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.Locale;

import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;
import org.apiguardian.api.API;

import dev.seunit.stats.internal.WeightedGammaInterval;

/**
 * A rate with its confidence interval: the share of faults that end in some outcomes,
 * estimated from {@code count} of {@code trials} injections.
 *
 * <p>From a uniform sample the estimate is {@code count / trials} and the interval is the exact
 * Clopper-Pearson one ({@link Method#CLOPPER_PEARSON}). From a stratified sample (a Leveugle
 * sample per layer, or per layer and bit) each stratum is weighted by its share of the fault
 * space, so the estimate is generally not {@code count / trials}, and the interval is the
 * conservative one for weighted sums of counts ({@link Method#STRATIFIED}); {@code count} and
 * {@code trials} still say how many injections it rests on.
 *
 * @param count injections that ended in the outcomes counted
 * @param trials injections the rate rests on
 * @param estimate the estimated rate over the fault space
 * @param lower the lower bound of the interval
 * @param upper the upper bound of the interval
 * @param confidence the two-sided confidence of the interval: each bound errs with probability
 *     at most {@code (1 - confidence) / 2}
 * @param method how the interval was computed
 */
@API(status = MAINTAINED, since = "0.1")
public record Rate(long count, long trials, double estimate, double lower, double upper, double confidence,
        Method method) {

    /** How an interval was computed. */
    @API(status = MAINTAINED, since = "0.2")
    public enum Method {
        /** Exact binomial interval of a uniform sample (Clopper-Pearson 1934). */
        CLOPPER_PEARSON("Clopper-Pearson"),
        /**
         * Stratified sample, strata weighted by their share of the fault space; the interval is the
         * gamma interval for weighted sums of counts (Fay and Feuer 1997), conservative also when
         * strata have no or few events.
         */
        STRATIFIED("stratified (Fay-Feuer gamma)"),
        /**
         * A gate decided at one of several planned looks: Clopper-Pearson bounds at the look's
         * nominal level, the level at which they cross the threshold exactly at the look's
         * boundaries (see {@link GroupSequentialTest}).
         */
        GROUP_SEQUENTIAL("group-sequential");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public Rate {
        check(count, trials, confidence);
        if (method == null) {
            throw new IllegalArgumentException("name the method of the interval");
        }
        if (!(lower <= upper) || lower < 0 || upper > 1) {
            throw new IllegalArgumentException("an interval needs 0 <= lower <= upper <= 1; got [" + lower + ", "
                    + upper + "]");
        }
    }

    /** A Clopper-Pearson rate {@code count / trials} with the bounds given. */
    public Rate(long count, long trials, double lower, double upper, double confidence) {
        this(count, trials, trials == 0 ? 0 : (double) count / trials, lower, upper, confidence,
                Method.CLOPPER_PEARSON);
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

    /**
     * The rate over a population sampled by strata: each stratum's rate {@code count / trials}
     * weighted by its {@link StratumSample#weight()} (its size in the population), with the
     * Fay-Feuer gamma interval. Why that interval: it is exact for a single Poisson count and
     * conservative for weighted sums of them, including strata without a single event (where
     * intervals built on an estimated variance claim certainty they do not have: a stratum with
     * 0 of 384 may still hold a rate of 0.9%); binomial counts vary less than Poisson ones with
     * the same mean, so it stays conservative for them. It is computed on the rarer side (events
     * when the estimate is at most 1/2, non-events otherwise), where the Poisson model is close.
     * One sampled stratum (plus census strata) gets the exact Clopper-Pearson interval instead.
     *
     * @throws IllegalArgumentException when no stratum has trials
     */
    public static Rate stratified(List<StratumSample> strata, double confidence) {
        long count = 0;
        long trials = 0;
        for (StratumSample s : strata) {
            count += s.count();
            trials += s.trials();
        }
        check(count, trials, confidence);
        double[] interval = WeightedGammaInterval.of(strata, (1 - confidence) / 2);
        return new Rate(count, trials, interval[0], interval[1], interval[2], confidence, Method.STRATIFIED);
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
        String of = method == Method.STRATIFIED ? ", weighted by stratum" : "";
        String interval = method == Method.CLOPPER_PEARSON ? "CI" : method + " CI";
        return String.format(Locale.ROOT, "%.4g%% (%d/%d%s, %.0f%% %s [%.4g%%, %.4g%%])", 100 * estimate, count,
                trials, of, 100 * confidence, interval, 100 * lower, 100 * upper);
    }
}
