package dev.seunit.stats;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * What a stratified sample saw in one stratum, for {@link Rate#stratified}.
 *
 * @param weight the stratum's size in the population (or any number proportional to it)
 * @param trials injections drawn from the stratum (without replacement)
 * @param count of them, the ones that ended in the outcomes counted
 * @param census whether the trials are the whole stratum, so that its rate is known exactly
 */
@API(status = EXPERIMENTAL, since = "0.2")
public record StratumSample(double weight, long trials, long count, boolean census) {

    public StratumSample {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("a stratum's weight is its size, >= 0; got " + weight);
        }
        if (trials < 0 || count < 0 || count > trials) {
            throw new IllegalArgumentException("a stratum needs 0 <= count <= trials; got " + count + "/" + trials);
        }
    }
}
