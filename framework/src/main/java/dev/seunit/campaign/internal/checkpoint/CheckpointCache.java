package dev.seunit.campaign.internal.checkpoint;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apiguardian.api.API;

/**
 * The checkpoints and radii found for one golden run and task kind, kept for every campaign
 * on it: they depend on nothing else (the weights and inputs are the golden run's; a fault is
 * always restored before the next one). Shared by the lanes of concurrent runs; entries are
 * found again identically when two lanes race.
 */
@API(status = INTERNAL, since = "0.1")
public final class CheckpointCache {

    /** Per call a fault (or a resumed batch) starts from, its chain of checkpoints in call order. */
    final Map<Integer, int[]> stops = new ConcurrentHashMap<>();
    /** Per checkpoint, the uniform certified radius (0 for none). */
    final Map<Integer, Float> radii = new ConcurrentHashMap<>();
    /** Per checkpoint, the certified radius of each value of its output (empty for none). */
    final Map<Integer, float[]> spread = new ConcurrentHashMap<>();
}
