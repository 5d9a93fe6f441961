package dev.seunit.stats;

import java.util.SplittableRandom;

/**
 * A stream of independent injections, each an event with probability {@code rate}, drawn by
 * the gaps between events (geometric), so that counting up to n trials costs the events, not n.
 */
public final class BernoulliStream {

    private final SplittableRandom random;
    private final double logOfMiss;
    private long nextEvent;
    private long counted;

    public BernoulliStream(double rate, SplittableRandom random) {
        this.random = random;
        this.logOfMiss = Math.log1p(-rate);
        this.nextEvent = rate == 0 ? Long.MAX_VALUE : gap();
    }

    /** Events among the first {@code trials} injections (trials must not decrease between calls). */
    public long countUpTo(long trials) {
        while (nextEvent < trials) {
            counted++;
            nextEvent += 1 + gap();
        }
        return counted;
    }

    /** Non-events before the next event: geometric on {0, 1, ...}. */
    private long gap() {
        double u = 1 - random.nextDouble(); // in (0, 1]
        double g = Math.floor(Math.log(u) / logOfMiss);
        return g >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) g;
    }
}
