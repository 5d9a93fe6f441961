package dev.seunit.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

/**
 * Coverage of {@link Rate#stratified} by simulation: stratified samples drawn as a Leveugle
 * plan draws them (every stratum's own sample size, census when the stratum is small), each
 * bound checked against the true weighted rate. Each bound may miss in at most 2.5% of the
 * samples (95% two-sided), plus a Monte Carlo margin of three standard errors. Counts are drawn
 * with replacement (binomial), which varies more than the plan's draws without replacement: a
 * harder case for the interval. Strata without a single event are in most scenarios.
 */
class StratifiedRateCoverageTest {

    static final double ALPHA = 0.025;

    /** 40 tensors of 16 to 300,000 faults, sizes log-uniform, as in a small U-Net. */
    static long[] tensors(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = Math.round(Math.exp(Math.log(16) + random.nextDouble() * (Math.log(3e5) - Math.log(16))));
        }
        return sizes;
    }

    @Test
    void highRatesInEveryLayer() {
        long[] sizes = tensors(40, 1);
        SplittableRandom r = new SplittableRandom(2);
        double[] rates = new double[40];
        for (int i = 0; i < 40; i++) {
            rates[i] = 0.5 + 0.45 * r.nextDouble();
        }
        check("high rates (50-95%) in every layer", sizes, i -> rates[i], 0.05, 4000);
    }

    @Test
    void lowRatesWithHalfTheLayersAtZero() {
        long[] sizes = tensors(40, 1);
        SplittableRandom r = new SplittableRandom(3);
        double[] rates = new double[40];
        for (int i = 0; i < 40; i++) {
            rates[i] = r.nextDouble() < 0.5 ? 0 : 0.02 * r.nextDouble();
        }
        check("low rates, half the layers at zero", sizes, i -> rates[i], 0.05, 4000);
    }

    @Test
    void allTheRiskInTheLargestLayerWhichUsuallyShowsNoEvent() {
        // the case that breaks intervals built on an estimated variance: 0 events in 384 draws
        // happen in 15% of the samples although the layer's rate is 0.4%
        long[] sizes = tensors(40, 1);
        long largest = java.util.Arrays.stream(sizes).max().orElseThrow();
        check("0.4% in the largest layer, 0 elsewhere", sizes, i -> sizes[i] == largest ? 0.004 : 0, 0.05, 10_000);
    }

    @Test
    void oneInAThousandEverywhere() {
        check("0.1% everywhere", tensors(40, 1), i -> 0.001, 0.05, 10_000);
    }

    @Test
    void ratesAroundOneHalf() {
        long[] sizes = tensors(40, 1);
        SplittableRandom r = new SplittableRandom(4);
        double[] rates = new double[40];
        for (int i = 0; i < 40; i++) {
            rates[i] = 0.4 + 0.2 * r.nextDouble();
        }
        check("rates of 40-60%", sizes, i -> rates[i], 0.05, 4000);
    }

    @Test
    void manySmallSamplesMostlyWithoutEvents() {
        long[] sizes = new long[60];
        SplittableRandom r = new SplittableRandom(5);
        double[] rates = new double[60];
        for (int i = 0; i < 60; i++) {
            sizes[i] = 100L * (30 + r.nextInt(50));
            rates[i] = r.nextDouble() < 0.8 ? 0 : 0.05;
        }
        check("60 strata of 30 to 35 draws (margin 20%), 80% of them at 0", sizes, i -> rates[i], 0.2, 10_000);
    }

    @Test
    void layerByBitStrataAsInTheReferenceStudy() {
        // 20 layers x 32 bits, margin 2.5%: bit 30 (MSB) at 70%, the other exponent bits at 2%, mantissa 0
        long[] layers = tensors(20, 6);
        long[] sizes = new long[20 * 32];
        double[] rates = new double[20 * 32];
        for (int l = 0; l < 20; l++) {
            for (int b = 0; b < 32; b++) {
                sizes[l * 32 + b] = layers[l];
                rates[l * 32 + b] = b == 30 ? 0.7 : b >= 23 ? 0.02 : 0;
            }
        }
        check("20 layers x 32 bits, MSB 70%, exponent 2%, mantissa 0", sizes, i -> rates[i], 0.025, 1000);
    }

    /** Draws {@code samples} stratified samples and checks how often each bound misses the true rate. */
    private static void check(String scenario, long[] sizes, IntToDoubleFunction rateOf, double margin, int samples) {
        long[] drawn = new long[sizes.length];
        double population = 0;
        double truth = 0;
        for (int i = 0; i < sizes.length; i++) {
            drawn[i] = SampleSize.leveugle(sizes[i], margin, 0.95);
            population += sizes[i];
        }
        long[] eventsInCensus = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            // a census stratum has an exact count; a sampled one a rate
            eventsInCensus[i] = Math.round(sizes[i] * rateOf.applyAsDouble(i));
            double rate = drawn[i] == sizes[i] ? (double) eventsInCensus[i] / sizes[i] : rateOf.applyAsDouble(i);
            truth += sizes[i] / population * rate;
        }
        SplittableRandom random = new SplittableRandom(2009);
        int upperMissed = 0;
        int lowerMissed = 0;
        double width = 0;
        for (int s = 0; s < samples; s++) {
            List<StratumSample> strata = new ArrayList<>(sizes.length);
            for (int i = 0; i < sizes.length; i++) {
                boolean census = drawn[i] == sizes[i];
                long count = census ? eventsInCensus[i]
                        : new BernoulliStream(rateOf.applyAsDouble(i), random.split()).countUpTo(drawn[i]);
                strata.add(new StratumSample(sizes[i], drawn[i], count, census));
            }
            Rate rate = Rate.stratified(strata, 0.95);
            upperMissed += rate.upper() < truth ? 1 : 0;
            lowerMissed += rate.lower() > truth ? 1 : 0;
            width += rate.upper() - rate.lower();
        }
        double monteCarlo = 3 * Math.sqrt(ALPHA * (1 - ALPHA) / samples);
        System.out.printf(Locale.ROOT, "%s: true rate %.4f%%, %d injections; upper bound below it in %.2f%%, lower "
                + "bound above it in %.2f%% of %d samples; mean width %.3f points%n", scenario, 100 * truth,
                java.util.Arrays.stream(drawn).sum(), 100.0 * upperMissed / samples, 100.0 * lowerMissed / samples,
                samples, 100 * width / samples);
        assertThat((double) upperMissed / samples).as("upper bound misses").isLessThanOrEqualTo(ALPHA + monteCarlo);
        assertThat((double) lowerMissed / samples).as("lower bound misses").isLessThanOrEqualTo(ALPHA + monteCarlo);
    }
}
