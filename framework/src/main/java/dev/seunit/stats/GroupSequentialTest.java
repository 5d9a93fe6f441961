package dev.seunit.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apiguardian.api.API;

/**
 * A threshold on a rate decided at several planned looks at a growing uniform sample, with the
 * error promised at the threshold kept over all looks together: a group-sequential test with
 * exact binomial boundaries.
 *
 * <p>At look {@code k} the sample holds {@code looks[k]} trials; the test <em>passes</em> (the
 * rate is below the threshold) when the count is at most {@link #passBoundary}, <em>fails</em>
 * (above it) when the count is at least {@link #failBoundary}, and otherwise goes on to the next
 * look; after the last it is inconclusive. The boundaries are computed once, from the exact
 * distribution of the count along the looks at a rate equal to the threshold (binomial
 * increments from Apache Commons Statistics, convolved look by look), so that
 * <ul>
 *   <li>a rate at or above the threshold passes, at some look, with probability at most
 *       {@code alpha = (1 - confidence) / 2};</li>
 *   <li>a rate at or below the threshold fails, at some look, with probability at most
 *       {@code alpha}.</li>
 * </ul>
 * (Each side is computed as if the other did not stop the sample, which can only lower its
 * error; a larger distance from the threshold lowers it further, since counts grow with the
 * rate.) {@code alpha} is spent over the looks in equal parts per doubling of the sample: by look
 * {@code k}, {@code alpha * min(1, (log2(looks[k] / looks[0]) + 1) / (log2(last / looks[0]) + 1))}.
 * That gives early looks a fair share, which is where a rate far below the threshold is decided.
 * With one look it is the fixed-sample decision on the exact Clopper-Pearson interval at
 * {@code confidence} (the boundaries then are that decision written as counts).
 *
 * <p>A fixed-sample interval checked at every look would not keep this promise: each look is
 * another chance to cross, and with doubling samples and 95% intervals a rate equal to the
 * threshold passes about three times as often as the 2.5% a single look promises.
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class GroupSequentialTest {

    /** How much larger each planned look is than the one before, at most. */
    public static final double LOOK_GROWTH = 1.25;

    /** Counts further than this many standard deviations from an increment's mean are dropped (mass below 1e-30). */
    private static final double TAIL_SDS = 12;

    private final double threshold;
    private final double confidence;
    private final int[] looks;
    private final long[] passAtMost;
    private final long[] failAtLeast;

    private GroupSequentialTest(double threshold, double confidence, int[] looks) {
        this.threshold = threshold;
        this.confidence = confidence;
        this.looks = looks;
        double alpha = (1 - confidence) / 2;
        double[] spending = spending(looks, alpha);
        this.passAtMost = boundaries(looks, threshold, spending, false);
        this.failAtLeast = boundaries(looks, threshold, spending, true);
    }

    /**
     * The test of {@code rate <= threshold} at {@code confidence} (two-sided: each of its two
     * errors at most {@code (1 - confidence) / 2}) with the given looks (increasing sample sizes).
     */
    public static GroupSequentialTest of(double threshold, double confidence, int... looks) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a threshold is a rate in [0, 1]; got " + threshold);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95; got " + confidence);
        }
        if (looks.length == 0 || looks[0] < 1) {
            throw new IllegalArgumentException("give at least one look of at least one trial; got "
                    + Arrays.toString(looks));
        }
        for (int k = 1; k < looks.length; k++) {
            if (looks[k] <= looks[k - 1]) {
                throw new IllegalArgumentException("looks must grow; got " + Arrays.toString(looks));
            }
        }
        return new GroupSequentialTest(threshold, confidence, looks.clone());
    }

    /**
     * The planned looks from {@code first} to {@code last} trials, each at most
     * {@link #LOOK_GROWTH} times the one before (and at least one more): {@code first},
     * {@code 1.25 first}, ..., {@code last}. Just {@code first} when {@code last <= first}.
     */
    public static int[] looks(int first, int last) {
        if (first < 1) {
            throw new IllegalArgumentException("the first look needs at least one trial; got " + first);
        }
        int[] looks = new int[64];
        int k = 0;
        looks[k++] = first;
        while (looks[k - 1] < last) {
            long next = Math.max(looks[k - 1] + 1L, Math.round(looks[k - 1] * LOOK_GROWTH));
            if (k == looks.length) {
                looks = Arrays.copyOf(looks, 2 * looks.length);
            }
            looks[k++] = (int) Math.min(next, last);
        }
        return Arrays.copyOf(looks, k);
    }

    public double threshold() {
        return threshold;
    }

    public double confidence() {
        return confidence;
    }

    /** The planned sample sizes, increasing. */
    public int[] looks() {
        return looks.clone();
    }

    public int lookCount() {
        return looks.length;
    }

    /** The largest count that passes at look {@code look} (0-based), or -1 when none does. */
    public long passBoundary(int look) {
        return passAtMost[look];
    }

    /** The smallest count that fails at look {@code look}, or more than its trials when none does. */
    public long failBoundary(int look) {
        return failAtLeast[look];
    }

    /**
     * The decision at look {@code look} with {@code count} events: {@link Rate.Decision#BELOW}
     * (pass), {@link Rate.Decision#ABOVE} (fail) or {@link Rate.Decision#INCONCLUSIVE} (go on to
     * the next look; after the last, undecided).
     */
    public Rate.Decision decide(int look, long count) {
        if (look < 0 || look >= looks.length) {
            throw new IndexOutOfBoundsException("look " + look + " of " + looks.length);
        }
        if (count < 0 || count > looks[look]) {
            throw new IllegalArgumentException("a count at look " + look + " is in [0, " + looks[look] + "]; got "
                    + count);
        }
        if (looks.length == 1) {
            return Rate.clopperPearson(count, looks[0], confidence).decide(threshold);
        }
        if (count <= passAtMost[look]) {
            return Rate.Decision.BELOW;
        }
        if (count >= failAtLeast[look]) {
            return Rate.Decision.ABOVE;
        }
        return Rate.Decision.INCONCLUSIVE;
    }

    /**
     * Runs the test: decides at each look in turn, asking {@code eventsAmongFirst} for the count
     * among the first {@code looks[k]} trials, until a look decides or the looks run out (then
     * {@link Rate.Decision#INCONCLUSIVE} at the last look). Later looks are never asked for.
     */
    public Verdict run(LongUnaryOperator eventsAmongFirst) {
        for (int k = 0; k < looks.length; k++) {
            long count = eventsAmongFirst.applyAsLong(looks[k]);
            Rate.Decision decision = decide(k, count);
            if (decision != Rate.Decision.INCONCLUSIVE || k == looks.length - 1) {
                return new Verdict(decision, k, looks[k], count);
            }
        }
        throw new AssertionError("unreachable: the last look returns");
    }

    /**
     * Where a run of the test stopped.
     *
     * @param decision pass ({@link Rate.Decision#BELOW}), fail ({@link Rate.Decision#ABOVE}) or
     *     undecided after the last look
     * @param look the look it stopped at (0-based)
     * @param trials the trials at that look
     * @param count the events among them
     */
    @API(status = EXPERIMENTAL, since = "0.2")
    public record Verdict(Rate.Decision decision, int look, int trials, long count) {
    }

    /**
     * The rate at look {@code look} with Clopper-Pearson bounds at the look's nominal levels:
     * the upper bound at the level {@code P(count <= passBoundary)} and the lower bound at
     * {@code P(count >= failBoundary)} under a rate equal to the threshold, so that the upper
     * bound is at most the threshold exactly when the test passes, and the lower bound reaches
     * it exactly when it fails. (A look without a pass boundary has upper bound 1, one without a
     * fail boundary lower bound 0.)
     */
    public Rate rate(int look, long count) {
        decide(look, count); // checks the arguments
        int n = looks[look];
        if (looks.length == 1) {
            return Rate.clopperPearson(count, n, confidence);
        }
        BinomialDistribution atThreshold = BinomialDistribution.of(n, threshold);
        double upper = 1;
        if (passAtMost[look] >= 0 && count < n) {
            double level = atThreshold.cumulativeProbability((int) passAtMost[look]);
            upper = BetaDistribution.of(count + 1.0, n - count).inverseCumulativeProbability(1 - level);
        }
        double lower = 0;
        if (failAtLeast[look] <= n && count > 0) {
            double level = atThreshold.survivalProbability((int) failAtLeast[look] - 1);
            lower = BetaDistribution.of(count, n - count + 1.0).inverseCumulativeProbability(level);
        }
        double estimate = (double) count / n;
        return new Rate(count, n, estimate, Math.min(lower, estimate), Math.max(upper, estimate), confidence,
                Rate.Method.GROUP_SEQUENTIAL);
    }

    /** One line: the method, its looks and its error per side. */
    public String describe() {
        return String.format(Locale.ROOT, "group-sequential test, exact binomial boundaries, %d planned look%s of %d to"
                + " %d injections (x%.2f), %.3g%% error per side spent evenly per doubling", looks.length,
                looks.length == 1 ? "" : "s", looks[0], looks[looks.length - 1], LOOK_GROWTH,
                100 * (1 - confidence) / 2);
    }

    @Override
    public String toString() {
        return describe() + ", threshold " + threshold;
    }

    /** The error allowed in total by each look: alpha split evenly over the doublings of the sample. */
    private static double[] spending(int[] looks, double alpha) {
        double[] cumulative = new double[looks.length];
        double doublings = log2((double) looks[looks.length - 1] / looks[0]) + 1;
        for (int k = 0; k < looks.length; k++) {
            cumulative[k] = k == looks.length - 1 ? alpha
                    : alpha * Math.min(1, (log2((double) looks[k] / looks[0]) + 1) / doublings);
        }
        return cumulative;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * The boundaries of one side: for each look, the largest count whose probability (together
     * with the paths that crossed at earlier looks) stays within the error spent by then; for
     * the fail side the same from the top. The distribution of the count along paths that have
     * not crossed is carried from look to look by convolution with the binomial increment.
     */
    private static long[] boundaries(int[] looks, double threshold, double[] spending, boolean failSide) {
        long[] boundary = new long[looks.length];
        double[] mass = {1}; // probability of each count in [low, low + mass.length), paths not yet crossed
        int low = 0;
        int previous = 0;
        double spent = 0;
        for (int k = 0; k < looks.length; k++) {
            int n = looks[k];
            Increment step = Increment.of(n - previous, threshold);
            double[] next = new double[mass.length + step.pmf.length - 1];
            for (int i = 0; i < mass.length; i++) {
                if (mass[i] == 0) {
                    continue;
                }
                for (int j = 0; j < step.pmf.length; j++) {
                    next[i + j] += mass[i] * step.pmf[j];
                }
            }
            low += step.low;
            int from = 0;
            int to = next.length;
            while (from < to - 1 && next[from] == 0) {
                from++; // counts removed by an earlier pass boundary
            }
            while (to > from + 1 && next[to - 1] == 0) {
                to--; // and by an earlier fail boundary
            }
            mass = Arrays.copyOfRange(next, from, to);
            low += from;
            double allowed = spending[k] - spent;
            if (!failSide) {
                // pass when count <= a: the largest a whose lower tail fits in what is left
                double tail = 0;
                int a = -1;
                for (int i = 0; i < mass.length; i++) {
                    if (tail + mass[i] > allowed) {
                        break;
                    }
                    tail += mass[i];
                    a = i;
                }
                boundary[k] = a < 0 ? -1 : low + a;
                if (a >= 0) {
                    spent += tail;
                    Arrays.fill(mass, 0, a + 1, 0);
                }
            } else {
                // fail when count >= b: the smallest b whose upper tail fits
                double tail = 0;
                int b = mass.length;
                for (int i = mass.length - 1; i >= 0; i--) {
                    if (tail + mass[i] > allowed) {
                        break;
                    }
                    tail += mass[i];
                    b = i;
                }
                // counts above the kept window have (almost) no mass: they fail too
                boundary[k] = b == mass.length ? Math.max(low + mass.length, 0) : low + b;
                if (b < mass.length) {
                    spent += tail;
                    Arrays.fill(mass, b, mass.length, 0);
                }
                if (boundary[k] > n) {
                    boundary[k] = n + 1L;
                }
            }
            previous = n;
        }
        return boundary;
    }

    /** The binomial distribution of the events among {@code trials} new trials, its far tails cut. */
    private record Increment(int low, double[] pmf) {

        static Increment of(int trials, double rate) {
            double mean = trials * rate;
            double sd = Math.sqrt(trials * rate * (1 - rate));
            int low = (int) Math.max(0, Math.floor(mean - TAIL_SDS * sd - TAIL_SDS));
            int high = (int) Math.min(trials, Math.ceil(mean + TAIL_SDS * sd + TAIL_SDS));
            BinomialDistribution d = BinomialDistribution.of(trials, rate);
            double[] pmf = new double[high - low + 1];
            for (int i = low; i <= high; i++) {
                pmf[i - low] = d.probability(i);
            }
            return new Increment(low, pmf);
        }
    }
}
