package dev.seunit.campaign.internal.replay;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apiguardian.api.API;

import dev.seunit.campaign.Task;
import dev.seunit.campaign.internal.checkpoint.CheckpointCache;

/**
 * What the engine keeps per golden run, for every campaign on it: it depends only on the golden
 * run's model and inputs (a fault is always restored before the next), and finding it again costs
 * as much as hundreds of faults, which each slice of a large run or each campaign of a property
 * test would pay. Owned by the {@link dev.seunit.campaign.GoldenRun} and closed with it.
 */
@API(status = INTERNAL, since = "0.1")
public final class EngineCache implements AutoCloseable {

    private final Map<Long, Integer> rowGroups = new ConcurrentHashMap<>();
    private final Map<Task.Kind, CheckpointCache> checkpoints = new ConcurrentHashMap<>();
    private ExecutorService suffixThreads;

    /** Per call and batch size, the row groups a layer computes as the golden batch (see {@link StackedSuffix}). */
    Map<Long, Integer> rowGroups() {
        return rowGroups;
    }

    /** The checkpoints and radii found for {@code task}: they depend on which predictions must be kept. */
    CheckpointCache checkpoints(Task.Kind task) {
        return checkpoints.computeIfAbsent(task, k -> new CheckpointCache());
    }

    /**
     * Threads for stacked suffixes, kept between the campaigns of this golden run: fresh threads
     * per campaign each get a new glibc malloc arena that keeps what it freed, and the process
     * grows (measured in the README's memory figures).
     */
    synchronized ExecutorService suffixThreads() {
        if (suffixThreads == null) {
            suffixThreads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "seunit-fast-suffix");
                t.setDaemon(true);
                return t;
            });
        }
        return suffixThreads;
    }

    @Override
    public synchronized void close() {
        if (suffixThreads != null) {
            suffixThreads.shutdown();
        }
    }
}
