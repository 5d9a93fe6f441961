package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.concurrent.atomic.LongAdder;

import org.apiguardian.api.API;

import dev.seunit.campaign.EngineStatistics;
import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.EngineStatistics.Phase;

/** The counters of one campaign run, written by every thread of its engine; read once as {@link EngineStatistics}. */
@API(status = INTERNAL, since = "0.1")
public final class EngineMeter {

    private final LongAdder[] counts = adders(Count.values().length);
    private final LongAdder[] nanos = adders(Phase.values().length);

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    public void count(Count count) {
        counts[count.ordinal()].increment();
    }

    public void count(Count count, long n) {
        counts[count.ordinal()].add(n);
    }

    /** Adds the time since {@code startNanos} (a {@link System#nanoTime()} reading) to {@code phase}. */
    public void timeSince(Phase phase, long startNanos) {
        nanos[phase.ordinal()].add(System.nanoTime() - startNanos);
    }

    public void time(Phase phase, long elapsedNanos) {
        nanos[phase.ordinal()].add(elapsedNanos);
    }

    public EngineStatistics snapshot() {
        long[] c = new long[counts.length];
        long[] n = new long[nanos.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].sum();
        }
        for (int i = 0; i < n.length; i++) {
            n[i] = nanos[i].sum();
        }
        return EngineStatistics.of(c, n);
    }
}
