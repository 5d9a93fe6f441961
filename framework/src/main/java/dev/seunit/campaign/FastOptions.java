package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Settings of {@link Execution#FAST}. Neither changes a record: they trade memory and threads
 * for speed, or switch a shortcut off for diagnosis.
 *
 * @param lanes how many stacked batches run side by side, each on its own thread with its own
 *     copy of the golden trace (1 runs them on the caller's thread)
 * @param checkpoints whether faults may be decided at certified checkpoints before the output
 *     (off: every fault not masked at its own layer runs to the output)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FastOptions(int lanes, boolean checkpoints) {

    public FastOptions {
        if (lanes < 1) {
            throw new IllegalArgumentException("FAST needs at least 1 lane; got " + lanes
                    + ". Use 1 to run batches on the caller's thread, or the number of cores to use");
        }
    }

    /** One lane per available processor, checkpoints on. */
    public static FastOptions defaults() {
        return new FastOptions(Runtime.getRuntime().availableProcessors(), true);
    }

    public FastOptions withLanes(int lanes) {
        return new FastOptions(lanes, checkpoints);
    }

    public FastOptions withCheckpoints(boolean checkpoints) {
        return new FastOptions(lanes, checkpoints);
    }
}
