package dev.seunit.campaign.internal.replay;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;

import dev.seunit.campaign.InjectionRecord;

/**
 * Faults of one layer run together: their faulty outputs at that layer (or, for a batch resumed
 * from a checkpoint, their outputs there), then one stacked run of the rest of the network.
 * Faults are numbered {@code k} in the order of {@link #positions}; fields are written by the
 * thread that prepares or runs the batch, and read by the caller's thread once it is done.
 */
final class Batch {

    /** The call whose output the faults change (for a resumed batch: the checkpoint). */
    final TracedCall at;
    /** The run's positions of the faults. */
    final List<Integer> positions;
    final long[] before;
    final long[] after;
    /** Each fault's record, once decided. */
    final InjectionRecord[] done;
    /** Faults to run again one by one on the exact path (their batch or layer run failed). */
    final List<Integer> retry = new ArrayList<>();
    /** Faults not decided at their layer, stacked into the suffix run. */
    final List<Integer> stacked = new ArrayList<>();
    /** The faulty layer output of each stacked fault, as float32 bits. */
    final List<int[]> faultyOutputs = new ArrayList<>();
    /** For a resumed batch: each fault's rows at the checkpoint, instead of {@link #faultyOutputs}. */
    final List<NDArray> resumedOutputs = new ArrayList<>();
    /** Nanoseconds each fault spent in earlier batches (stopped at a checkpoint, resumed here). */
    final long[] spent;
    /** The stacked faults stopped at checkpoint {@link #stoppedAt}, with their rows there. */
    final List<Integer> stopped = new ArrayList<>();
    final List<NDArray> stoppedOutputs = new ArrayList<>();
    int stoppedAt = -1;
    /** Whether the faulty outputs are known (computed on the caller's thread when a fault writes the model). */
    boolean prepared;
    long nanos;

    Batch(TracedCall at, List<Integer> positions) {
        this.at = at;
        this.positions = positions;
        int count = positions.size();
        this.before = new long[count];
        this.after = new long[count];
        this.done = new InjectionRecord[count];
        this.spent = new long[count];
    }

    int size() {
        return positions.size();
    }
}
