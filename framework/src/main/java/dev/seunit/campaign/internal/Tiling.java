package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Arrays;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Stacks copies of arrays along their first dimension, as batches of several faults need the golden rows. */
@API(status = INTERNAL, since = "0.1")
public final class Tiling {

    private Tiling() {
    }

    /** {@code arrays} repeated {@code times} along their first dimension (the arrays themselves for 1). */
    public static NDList tile(NDList arrays, int times) {
        NDList tiled = new NDList();
        for (NDArray a : arrays) {
            long[] repeats = new long[a.getShape().dimension()];
            Arrays.fill(repeats, 1);
            repeats[0] = times;
            tiled.add(times == 1 ? a : a.tile(repeats));
        }
        return tiled;
    }
}
