package dev.seunit.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The promise of a growing {@code @MaxErrorRate} gate, checked by simulation: 10,000 campaigns
 * per case, each a stream of independent injections at a known rate, decided by the same
 * {@link GroupSequentialTest} (same looks, same boundaries) the JUnit extension builds. At 95%
 * confidence each error is promised at most 2.5%:
 * <ul>
 *   <li>a rate equal to the threshold, or twice it, passes in at most 2.5% of the campaigns;</li>
 *   <li>a rate of half the threshold fails in at most 2.5%.</li>
 * </ul>
 * The Monte Carlo margin is three standard errors of a share of 2.5% among 10,000 campaigns:
 * 0.47 percentage points. The seed is fixed, so the figures are the same on every run.
 */
class SequentialGateSimulationTest {

    static final int CAMPAIGNS = 10_000;
    static final double ALPHA = 0.025;
    static final double MARGIN = 3 * Math.sqrt(ALPHA * (1 - ALPHA) / CAMPAIGNS);

    @ParameterizedTest(name = "threshold {0}, looks {1} to {2}")
    @CsvSource({"0.01, 100, 12800", "0.05, 500, 16000", "0.001, 1000, 64000", "0.05, 1000, 1000"})
    void aGrowingGateKeepsItsErrorsWithinTheConfidenceItStates(double threshold, int first, int last) {
        GroupSequentialTest test = GroupSequentialTest.of(threshold, 0.95, GroupSequentialTest.looks(first, last));
        Shares atThreshold = simulate(threshold, 1, test::run);
        Shares atTwice = simulate(threshold * 2, 2, test::run);
        Shares atHalf = simulate(threshold / 2, 3, test::run);
        System.out.printf(Locale.ROOT, "%s%n  rate = threshold: %s%n  rate = 2 x threshold: %s%n"
                + "  rate = threshold / 2: %s%n", test, atThreshold, atTwice, atHalf);
        assertThat(atThreshold.passed).as("passes at the threshold").isLessThanOrEqualTo(ALPHA + MARGIN);
        assertThat(atTwice.passed).as("passes at twice the threshold").isLessThanOrEqualTo(ALPHA + MARGIN);
        assertThat(atHalf.failed).as("fails at half the threshold").isLessThanOrEqualTo(ALPHA + MARGIN);
    }

    /**
     * The same simulation catches the rule the gate used before (double the sample while a
     * two-sided 95% Clopper-Pearson interval holds the threshold, decide on that interval at
     * every look): at a rate equal to the threshold it passes far more often than 2.5%.
     */
    @Test
    void theOldDoublingRuleFailsThisCheck() {
        double threshold = 0.01;
        Map<Long, Rate.Decision> memo = new HashMap<>();
        Shares old = simulate(threshold, 1, counts -> {
            for (long n = 100; ; n *= 2) {
                long count = counts.applyAsLong(n);
                long key = n * 1_000_000 + count;
                Rate.Decision d = memo.computeIfAbsent(key,
                        k -> Rate.clopperPearson(count, k / 1_000_000, 0.95).decide(threshold));
                if (d != Rate.Decision.INCONCLUSIVE || n == 12_800) {
                    return new GroupSequentialTest.Verdict(d, 0, (int) n, count);
                }
            }
        });
        System.out.printf(Locale.ROOT, "old doubling rule, threshold 1%%, 100 to 12,800, rate = threshold: %s%n", old);
        assertThat(old.passed).isGreaterThan(ALPHA + MARGIN);
    }

    /** Shares of the verdicts over {@link #CAMPAIGNS} simulated campaigns. */
    record Shares(double passed, double failed, double undecided, double meanTrials) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "passed %.2f%%, failed %.2f%%, undecided %.2f%%, mean %.0f injections",
                    100 * passed, 100 * failed, 100 * undecided, meanTrials);
        }
    }

    interface Gate {
        GroupSequentialTest.Verdict run(LongUnaryOperator eventsAmongFirst);
    }

    static Shares simulate(double rate, long seed, Gate gate) {
        SplittableRandom random = new SplittableRandom(seed);
        long passed = 0;
        long failed = 0;
        long trials = 0;
        for (int c = 0; c < CAMPAIGNS; c++) {
            BernoulliStream stream = new BernoulliStream(rate, random.split());
            GroupSequentialTest.Verdict v = gate.run(stream::countUpTo);
            passed += v.decision() == Rate.Decision.BELOW ? 1 : 0;
            failed += v.decision() == Rate.Decision.ABOVE ? 1 : 0;
            trials += v.trials();
        }
        return new Shares((double) passed / CAMPAIGNS, (double) failed / CAMPAIGNS,
                (double) (CAMPAIGNS - passed - failed) / CAMPAIGNS, (double) trials / CAMPAIGNS);
    }
}
