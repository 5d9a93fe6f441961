package dev.seunit.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apiguardian.api.API;

/**
 * Statistical fault-injection sample sizes after Leveugle, Calvez, Maistri and Vanhauwaert,
 * "Statistical fault injection: quantified error and confidence", DATE 2009:
 * {@code n = N / (1 + e^2 (N - 1) / (t^2 p (1 - p)))}, with {@code t} the normal quantile of
 * the confidence level and {@code p = 0.5} (the worst case) unless known.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SampleSize {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private SampleSize() {
    }

    public static long leveugle(long population, double margin, double confidence) {
        return leveugle(population, margin, confidence, 0.5);
    }

    public static long leveugle(long population, double margin, double confidence, double p) {
        if (population <= 0) {
            throw new IllegalArgumentException("the fault population must be positive; got " + population);
        }
        if (!(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("the error margin must be in (0, 1), e.g. 0.01 for 1%; got " + margin);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("the confidence must be in (0, 1), e.g. 0.99; got " + confidence);
        }
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("the expected proportion p must be in (0, 1); got " + p);
        }
        double t = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double n = population / (1 + margin * margin * (population - 1) / (t * t * p * (1 - p)));
        return Math.min(population, (long) Math.ceil(n));
    }
}
