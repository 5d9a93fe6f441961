package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import org.apiguardian.api.API;

/**
 * What the campaign engine did to produce one result: how each injection was computed and where
 * the time went. It travels with the {@link CampaignResult} (shards add up), so benchmarks and
 * diagnostics read it from the result, not from a global. Times are CPU-side wall time summed
 * over the threads that did the work, so they can exceed the campaign's elapsed time.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EngineStatistics {

    /** Events counted by the engine. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Count {
        /** Scenarios run as one full inference ({@link Execution#NAIVE}, or what the shortcuts do not cover). */
        NAIVE,
        /** Scenarios replayed from their layer, one at a time. */
        REPLAYED,
        /** Scenarios whose output came from a stacked batch. */
        BATCHED,
        /** Faults whose layer output was bit-identical to golden (MASKED without running the rest). */
        EARLY_MASKED,
        /** Faulty layer outputs computed as a delta on one output channel. */
        DELTAS,
        /** Stacked batches run (including batches resumed from a checkpoint). */
        BATCHES,
        /** Batches that failed as a whole and were rerun one scenario at a time. */
        BATCH_RETRIES,
        /** Faults whose layer output came from running the real layer with the faulty parameter. */
        REAL_LAYER,
        /** Runs of a real layer for those faults (several faults in distinct output channels share one). */
        REAL_LAYER_RUNS,
        /** Of those faults, the ones written into the model (a layer that does not read the parameter store). */
        MODEL_WRITES,
        /** Faults found bit-identical to golden at a checkpoint. */
        MASKED_AT_CHECKPOINTS,
        /** Faults certified BENIGN at a checkpoint. */
        CERTIFIED,
        /** Batches that stopped at a checkpoint. */
        STOPPED,
        /** Faults resumed from a checkpoint in a later batch. */
        RESUMED
    }

    /** Where the engine's time went. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Phase {
        /** Computing faulty layer outputs (deltas, real-layer runs, model writes). */
        FAULTY_OUTPUTS,
        /** Of those, running real layers. */
        REAL_LAYER,
        /** Running stacked batches through the rest of the network, checkpoint decisions included. */
        SUFFIX,
        /** Of those, deciding faults at checkpoints. */
        DECIDE,
        /** Reading batch outputs into Java. */
        READ,
        /** Comparing outputs with golden. */
        COMPARE,
        /** Finding checkpoints and their certified radii (once per golden run). */
        CHECKPOINT_SEARCH
    }

    private static final EngineStatistics NONE = new EngineStatistics(new long[Count.values().length],
            new long[Phase.values().length]);

    private final long[] counts;
    private final long[] nanos;

    private EngineStatistics(long[] counts, long[] nanos) {
        this.counts = counts;
        this.nanos = nanos;
    }

    /** Statistics from counts indexed by {@link Count#ordinal()} and nanoseconds by {@link Phase#ordinal()}. */
    public static EngineStatistics of(long[] counts, long[] nanos) {
        if (counts.length != Count.values().length || nanos.length != Phase.values().length) {
            throw new IllegalArgumentException("expected " + Count.values().length + " counts and "
                    + Phase.values().length + " times; got " + counts.length + " and " + nanos.length);
        }
        return new EngineStatistics(counts.clone(), nanos.clone());
    }

    /** Nothing counted: a result read back from a file, or made of journaled records only. */
    public static EngineStatistics none() {
        return NONE;
    }

    public long count(Count count) {
        return counts[count.ordinal()];
    }

    public Duration time(Phase phase) {
        return Duration.ofNanos(nanos[phase.ordinal()]);
    }

    /** These statistics and {@code other} added up (shards of one campaign). */
    public EngineStatistics plus(EngineStatistics other) {
        long[] c = counts.clone();
        long[] n = nanos.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += other.counts[i];
        }
        for (int i = 0; i < n.length; i++) {
            n[i] += other.nanos[i];
        }
        return new EngineStatistics(c, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineStatistics s && Arrays.equals(counts, s.counts) && Arrays.equals(nanos, s.nanos);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(counts), Arrays.hashCode(nanos));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Count c : Count.values()) {
            if (counts[c.ordinal()] != 0) {
                s.append(s.length() == 0 ? "" : ", ").append(c.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                        .append(' ').append(counts[c.ordinal()]);
            }
        }
        StringBuilder t = new StringBuilder();
        for (Phase p : Phase.values()) {
            if (nanos[p.ordinal()] != 0) {
                t.append(t.length() == 0 ? "" : ", ").append(p.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                        .append(' ').append(nanos[p.ordinal()] / 1_000_000);
            }
        }
        return (s.length() == 0 ? "nothing counted" : s) + (t.length() == 0 ? "" : "; ms: " + t);
    }
}
