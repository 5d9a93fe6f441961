package dev.seunit.campaign.internal.checkpoint;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.OutputComparator;

/** What the {@link Checkpoints} of one run's lanes share: the golden run's cache and the run's view of the network. */
@API(status = INTERNAL, since = "0.1")
public final class CheckpointContext {

    /** Share of the largest golden output value a prediction must lead by beyond its bounds. */
    private static final float LEAD = 1e-5f;

    final CheckpointCache cache;
    /** The parameters as interval radii use them ({@link IntervalBounds#absolute}), kept in {@link #keep}. */
    final Map<Parameter, NDArray> absolute = new ConcurrentHashMap<>();
    /** Per checkpoint, the range of its layer's outputs ({@link IntervalBounds#range}). */
    final Map<Integer, float[]> ranges = new ConcurrentHashMap<>();
    final NDManager keep;
    final OutputComparator comparator;
    final float[] golden;
    final int inputs;
    /** Calls that may be checkpoints: their output feeds a layer that mixes channels, with another such layer after. */
    final boolean[] eligible;
    /** Calls whose layer mixes channels. */
    final boolean[] mixing;
    /** How far an output may stray from golden and still count as golden (rounding of other kernels). */
    final float tolerance;
    final EngineMeter meter;

    /**
     * @param keep the manager that holds what is computed once per run (the trace's)
     * @param golden the golden output, flat
     * @param inputs how many golden inputs (rows) the run has
     */
    public CheckpointContext(CheckpointCache cache, NDManager keep, OutputComparator comparator, float[] golden,
            int inputs, boolean[] eligible, boolean[] mixing, EngineMeter meter) {
        this.cache = cache;
        this.keep = keep;
        this.comparator = comparator;
        this.golden = golden;
        this.inputs = inputs;
        this.eligible = eligible;
        this.mixing = mixing;
        this.meter = meter;
        float largest = 0;
        for (float v : golden) {
            largest = Math.max(largest, Math.abs(v));
        }
        this.tolerance = LEAD * largest;
    }
}
