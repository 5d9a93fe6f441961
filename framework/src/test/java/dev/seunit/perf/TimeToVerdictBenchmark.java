package dev.seunit.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.numbers.gamma.LogBeta;

import dev.seunit.stats.BernoulliStream;
import dev.seunit.stats.GroupSequentialTest;
import dev.seunit.stats.Rate;
import dev.seunit.stats.SampleSize;

/**
 * Time to a verdict of a {@code @MaxErrorRate} gate, without a model: each simulated campaign
 * is a stream of independent injections at a known rate (fixed seed), decided as the gate
 * decides it. For thresholds of 0.1%, 1% and 5% and true rates of 1/10, 1/2, 1 and 2 times the
 * threshold it prints the share of each verdict and the mean and 95th percentile of the
 * injections a campaign ran, for
 * <ul>
 *   <li>SEUnit's gate: the group-sequential test, looks growing by a quarter from
 *       {@code injections = 100} to {@code maxInjections = 102,400};</li>
 *   <li>the same test on doubling looks (100, 200, ..., 102,400);</li>
 *   <li>a time-uniform confidence sequence (Robbins' mixture of likelihood ratios, uniform prior
 *       on each side of the threshold) checked at the same looks as SEUnit's;</li>
 *   <li>the rule SEUnit used before: doubling while a two-sided 95% Clopper-Pearson interval holds
 *       the threshold (not valid: its error at the threshold is shown in the table);</li>
 *   <li>the Leveugle et al. fixed sample for e = 1% at 95% (9,604 injections), decided on its
 *       Clopper-Pearson interval.</li>
 * </ul>
 * Every method errs at most 2.5% per side by design, except the old rule. Run with:
 *
 * <pre>mvn -B -q -pl framework test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.seunit.perf.TimeToVerdictBenchmark [-Dexec.args=benchmarks/time-to-verdict.md]</pre>
 */
public final class TimeToVerdictBenchmark {

    static final int CAMPAIGNS = 10_000;
    static final int FIRST = 100;
    static final int LAST = 102_400;
    static final double CONFIDENCE = 0.95;
    static final double[] THRESHOLDS = {0.001, 0.01, 0.05};
    static final double[] MULTIPLES = {0.1, 0.5, 1, 2};

    /** A gate run on one stream: the verdict and the injections it took. */
    interface Method {
        GroupSequentialTest.Verdict run(LongUnaryOperator eventsAmongFirst);
    }

    public static void main(String[] args) throws IOException {
        long seed = 20_240_601;
        int leveugle = (int) SampleSize.leveugle(Long.MAX_VALUE / 4, 0.01, CONFIDENCE);
        StringBuilder out = new StringBuilder();
        out.append("# Time to a verdict of a @MaxErrorRate gate\n\n");
        out.append(String.format(Locale.ROOT, "%d simulated campaigns per row (Bernoulli streams, seed %d, no model); "
                + "gate at 95%% confidence (each error at most 2.5%%), `injections = %d`, `maxInjections = %,d`; "
                + "the Leveugle fixed sample is %,d injections (e = 1%%, 95%%).%n%n", CAMPAIGNS, seed, FIRST, LAST,
                leveugle));
        out.append("Injections: what a campaign ran until its verdict (undecided campaigns ran all ").append(
                String.format(Locale.ROOT, "%,d", LAST)).append("). *To a pass*: the mean over the campaigns that "
                        + "passed.\n\n");
        long started = System.nanoTime();
        for (double threshold : THRESHOLDS) {
            Map<String, Method> methods = methods(threshold, leveugle);
            out.append(String.format(Locale.ROOT, "## Threshold %s%n%n", percent(threshold)));
            out.append("| true rate | method | passed | failed | undecided | mean injections | 95th percentile | "
                    + "mean to a pass |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (double multiple : MULTIPLES) {
                double rate = threshold * multiple;
                for (Map.Entry<String, Method> m : methods.entrySet()) {
                    Row row = simulate(rate, seed + Math.round(multiple * 1000), m.getValue());
                    out.append(String.format(Locale.ROOT, "| %s (%s x) | %s | %.2f%% | %.2f%% | %.2f%% | %,.0f | %,d | %s |%n",
                            percent(rate), trim(multiple), m.getKey(), 100 * row.passed, 100 * row.failed,
                            100 * row.undecided, row.mean, row.p95, Double.isNaN(row.meanToPass) ? "-"
                                    : String.format(Locale.ROOT, "%,.0f", row.meanToPass)));
                }
            }
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "Simulated in %.0f s.%n", (System.nanoTime() - started) / 1e9));
        System.out.print(out);
        if (args.length > 0) {
            Path file = Path.of(args[0]);
            String header = String.format(Locale.ROOT, "<!-- generated by dev.seunit.perf.TimeToVerdictBenchmark -->%n"
                    + "Date: %s. Commit: %s. Machine: %s, %d cores, %s %s.%n%nCommand:%n%n```bash%n"
                    + "mvn -B -q -pl framework test-compile exec:java -Dexec.classpathScope=test \\%n"
                    + "    -Dexec.mainClass=dev.seunit.perf.TimeToVerdictBenchmark -Dexec.args=%s%n```%n%n",
                    LocalDate.now(), commit(), cpu(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), args[0]);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            String text = out.toString();
            int afterTitle = text.indexOf("\n\n") + 2;
            Files.writeString(file, text.substring(0, afterTitle) + header + text.substring(afterTitle),
                    StandardCharsets.UTF_8);
        }
    }

    static Map<String, Method> methods(double threshold, int leveugle) {
        Map<String, Method> methods = new java.util.LinkedHashMap<>();
        int[] looks = GroupSequentialTest.looks(FIRST, LAST);
        GroupSequentialTest seunit = GroupSequentialTest.of(threshold, CONFIDENCE, looks);
        methods.put("**SEUnit: group-sequential, looks x1.25**", seunit::run);
        int[] doubling = doublingLooks();
        GroupSequentialTest onDoubling = GroupSequentialTest.of(threshold, CONFIDENCE, doubling);
        methods.put("group-sequential, doubling looks", onDoubling::run);
        methods.put("mixture confidence sequence, looks x1.25", mixture(threshold, looks));
        methods.put("old rule: doubling, 95% Clopper-Pearson at each look", oldRule(threshold, doubling));
        GroupSequentialTest fixed = GroupSequentialTest.of(threshold, CONFIDENCE, leveugle);
        methods.put(String.format(Locale.ROOT, "Leveugle fixed sample (%,d)", leveugle), fixed::run);
        return methods;
    }

    static int[] doublingLooks() {
        List<Integer> looks = new ArrayList<>();
        for (int n = FIRST; n <= LAST; n *= 2) {
            looks.add(n);
        }
        return looks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The rule before: at each doubling look, the two-sided 95% Clopper-Pearson interval against the threshold. */
    static Method oldRule(double threshold, int[] looks) {
        Map<Long, Rate.Decision> memo = new HashMap<>();
        return events -> {
            for (int k = 0; k < looks.length; k++) {
                int n = looks[k];
                long count = events.applyAsLong(n);
                Rate.Decision d = memo.computeIfAbsent((long) n << 32 | count,
                        key -> Rate.clopperPearson(count, n, CONFIDENCE).decide(threshold));
                if (d != Rate.Decision.INCONCLUSIVE || k == looks.length - 1) {
                    return new GroupSequentialTest.Verdict(d, k, n, count);
                }
            }
            throw new AssertionError();
        };
    }

    /**
     * Robbins' mixture martingale, one per side, each valid at every injection (Ville's
     * inequality): pass when the likelihood ratio of the rates below the threshold (uniform
     * prior on [0, threshold]) against the threshold reaches 1/alpha, fail likewise with the rates above.
     */
    static Method mixture(double threshold, int[] looks) {
        double bar = Math.log(1 / ((1 - CONFIDENCE) / 2));
        long[] passAtMost = new long[looks.length];
        long[] failAtLeast = new long[looks.length];
        for (int k = 0; k < looks.length; k++) {
            int n = looks[k];
            long s = -1;
            while (s + 1 <= n && logMixture(threshold, n, s + 1, true) >= bar) {
                s++;
            }
            passAtMost[k] = s;
            long lo = 0;
            long hi = n + 1L;
            while (lo < hi) { // smallest count whose upper mixture reaches the bar (it grows with the count)
                long mid = (lo + hi) >>> 1;
                if (logMixture(threshold, n, mid, false) >= bar) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            failAtLeast[k] = lo;
        }
        return events -> {
            for (int k = 0; k < looks.length; k++) {
                long count = events.applyAsLong(looks[k]);
                Rate.Decision d = count <= passAtMost[k] ? Rate.Decision.BELOW
                        : count >= failAtLeast[k] ? Rate.Decision.ABOVE : Rate.Decision.INCONCLUSIVE;
                if (d != Rate.Decision.INCONCLUSIVE || k == looks.length - 1) {
                    return new GroupSequentialTest.Verdict(d, k, looks[k], count);
                }
            }
            throw new AssertionError();
        };
    }

    /** log of the mixture likelihood ratio of {@code s} events in {@code n} against the threshold. */
    static double logMixture(double threshold, long n, long s, boolean below) {
        BetaDistribution posterior = BetaDistribution.of(s + 1.0, n - s + 1.0);
        double mass = below ? posterior.cumulativeProbability(threshold) : posterior.survivalProbability(threshold);
        if (mass <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double prior = below ? threshold : 1 - threshold;
        return -s * Math.log(threshold) - (n - s) * Math.log1p(-threshold) + LogBeta.value(s + 1.0, n - s + 1.0)
                + Math.log(mass) - Math.log(prior);
    }

    record Row(double passed, double failed, double undecided, double mean, int p95, double meanToPass) {
    }

    static Row simulate(double rate, long seed, Method method) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] trials = new int[CAMPAIGNS];
        long passed = 0;
        long failed = 0;
        double toPass = 0;
        for (int c = 0; c < CAMPAIGNS; c++) {
            GroupSequentialTest.Verdict v = method.run(new BernoulliStream(rate, random.split())::countUpTo);
            trials[c] = v.trials();
            if (v.decision() == Rate.Decision.BELOW) {
                passed++;
                toPass += v.trials();
            } else if (v.decision() == Rate.Decision.ABOVE) {
                failed++;
            }
        }
        int[] sorted = trials.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(trials).asLongStream().sum() / (double) CAMPAIGNS;
        return new Row((double) passed / CAMPAIGNS, (double) failed / CAMPAIGNS,
                (double) (CAMPAIGNS - passed - failed) / CAMPAIGNS, mean, sorted[(int) Math.ceil(0.95 * CAMPAIGNS) - 1],
                passed == 0 ? Double.NaN : toPass / passed);
    }

    static String percent(double rate) {
        return trim(100 * rate) + "%";
    }

    static String trim(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toPlainString();
    }

    /** The commit checked out, and whether the tree differs from it. */
    static String commit() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String described = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? described : "unknown (" + described + ")";
        } catch (IOException e) {
            return "unknown (no git: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
