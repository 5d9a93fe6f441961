package dev.seunit.campaign.internal.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.checkpoint.CheckpointContext;
import dev.seunit.fault.FaultScenario;
import dev.seunit.model.internal.GradMode;

/**
 * Runs a FAST run's batches over its lanes and delivers their records in the order the batches
 * were dispatched. With several lanes each batch is prepared (unless it writes the model) and run
 * on a suffix thread with a lane of its own; a batch waits for a free lane on the caller's thread,
 * so only as many threads as lanes touch native memory. Faults a batch left at a checkpoint queue
 * per checkpoint and resume from it in full batches, refilled with faults of other batches; what
 * a batch could not compute is replayed one fault at a time on the caller's thread, after every
 * batch in flight (the exact path writes the model). One scheduler per run, on the caller's thread.
 */
final class BatchScheduler {

    /**
     * Batches per lane that may be done but not yet delivered, waiting behind a slower one
     * (records are delivered in dispatch order): enough that a lane never waits for the caller.
     */
    private static final int MAX_UNDELIVERED = 4;

    /**
     * A fault stopped at a checkpoint, waiting for a batch resumed from there; {@code output} (its
     * rows of the checkpoint's output) stays in native memory, held by the trace's manager, until
     * that batch has stacked it.
     */
    private record Resumed(int position, long before, long after, NDArray output, long nanos) {
    }

    private final GoldenTrace trace;
    private final FaultyOutputs faultyOutputs;
    private final StackedSuffix suffix;
    private final ExactReplay replay;
    private final EngineMeter meter;
    private final RunState run;
    private final ExecutorService threads;
    private final CheckpointContext checkpoints;
    /** The caller's lane; batches run on it when there is one lane. */
    private final Lane callerLane;
    private final int laneCount;
    /** Lanes of the suffix threads, copied at the first batch; empty with one lane. */
    private List<Lane> lanes = List.of();
    private final BlockingQueue<Lane> freeLanes = new LinkedBlockingQueue<>();
    private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
    /** Faults stopped at a checkpoint, by its call, until a batch resumes them. */
    private final TreeMap<Integer, List<Resumed>> resumes = new TreeMap<>();

    /**
     * @param checkpoints what the lanes' checkpoints share (null without checkpoints)
     * @param threads the suffix threads, used when {@code laneCount} is above 1
     */
    BatchScheduler(GoldenTrace trace, FaultyOutputs faultyOutputs, StackedSuffix suffix, ExactReplay replay,
            EngineMeter meter, RunState run, CheckpointContext checkpoints, int laneCount, ExecutorService threads) {
        this.trace = trace;
        this.faultyOutputs = faultyOutputs;
        this.suffix = suffix;
        this.replay = replay;
        this.meter = meter;
        this.run = run;
        this.checkpoints = checkpoints;
        this.callerLane = Lane.of(trace, checkpoints);
        this.laneCount = laneCount;
        this.threads = threads;
    }

    /** Runs the faults at {@code positions} (all of one call) as a batch. */
    void runBatch(TracedCall at, List<Integer> positions) {
        meter.count(Count.BATCHES);
        if (laneCount > 1 && lanes.isEmpty()) {
            copyLanes();
        }
        Batch batch = new Batch(at, positions);
        if (lanes.isEmpty() || faultyOutputs.needModelWrite(positions, run)) {
            try (NDManager scope = trace.scope()) {
                faultyOutputs.prepare(batch, callerLane, scope, run, this::drain);
            }
            if (batch.stacked.isEmpty()) {
                finish(batch);
                return;
            }
        }
        dispatch(batch);
    }

    /** Copies the trace once per suffix thread, on the caller's thread, while no scope holds it. */
    private void copyLanes() {
        List<Lane> copies = new ArrayList<>();
        for (int l = 0; l < laneCount; l++) {
            copies.add(Lane.copyOf(trace, checkpoints));
        }
        lanes = copies;
        freeLanes.addAll(copies);
    }

    /** Runs the faults stopped at checkpoints in full batches, earliest checkpoint first. */
    void resumeFull() {
        for (boolean found = true; found;) {
            found = false;
            for (Map.Entry<Integer, List<Resumed>> e : resumes.entrySet()) {
                if (e.getValue().size() >= suffix.batchFaults) {
                    resume(e.getKey(), suffix.batchFaults);
                    found = true;
                    break; // dispatching may have delivered batches that changed the queues
                }
            }
        }
    }

    /** Runs everything left: the batches in flight, then every stopped fault, earliest checkpoint first. */
    void finishAll() {
        drain();
        while (!resumes.isEmpty()) {
            // the earliest checkpoint first: once nothing is in flight, no fault can still join it
            resume(resumes.firstKey(), Integer.MAX_VALUE);
            drain();
        }
    }

    /** Runs up to {@code limit} faults stopped at call {@code at}, in batches, from its output on. */
    private void resume(int at, int limit) {
        List<Resumed> queue = resumes.remove(at);
        int taken = Math.min(limit, queue.size());
        if (taken < queue.size()) {
            resumes.put(at, new ArrayList<>(queue.subList(taken, queue.size())));
        }
        for (int from = 0; from < taken; from += suffix.batchFaults) {
            List<Resumed> rows = queue.subList(from, Math.min(taken, from + suffix.batchFaults));
            List<Integer> positions = new ArrayList<>();
            for (Resumed r : rows) {
                positions.add(r.position());
            }
            Batch batch = new Batch(trace.calls.get(at), positions);
            for (int k = 0; k < rows.size(); k++) {
                Resumed r = rows.get(k);
                batch.before[k] = r.before();
                batch.after[k] = r.after();
                batch.spent[k] = r.nanos();
                batch.stacked.add(k);
                batch.resumedOutputs.add(r.output());
            }
            batch.prepared = true;
            meter.count(Count.BATCHES);
            meter.count(Count.RESUMED, rows.size());
            dispatch(batch);
        }
    }

    /**
     * Hands a batch to the next free lane (its faulty outputs computed there unless already known),
     * or with one lane runs its suffix on the caller's thread and delivers it.
     */
    private void dispatch(Batch batch) {
        if (lanes.isEmpty()) {
            try (NDManager scope = trace.scope()) {
                suffix.run(batch, callerLane, scope, run);
            }
            finish(batch);
            return;
        }
        while (!inFlight.isEmpty()
                && (inFlight.peek().isDone() || inFlight.size() >= MAX_UNDELIVERED * lanes.size())) {
            collect(inFlight.poll());
        }
        Lane lane = takeLane();
        boolean prepared = batch.prepared;
        inFlight.add(threads.submit(() -> {
            try {
                GradMode.off(() -> {
                    try (NDManager scope = lane.scope()) {
                        if (!prepared) {
                            faultyOutputs.prepare(batch, lane, scope, run, null);
                        }
                        if (!batch.stacked.isEmpty()) {
                            suffix.run(batch, lane, scope, run);
                        }
                    }
                });
            } finally {
                freeLanes.put(lane);
            }
            return batch;
        }));
    }

    /** Waits on the caller's thread, not a pool thread: as many threads as lanes allocate native memory. */
    private Lane takeLane() {
        try {
            return freeLanes.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free lane", e);
        }
    }

    /**
     * Delivers the records of a batch, queues its faults stopped at a checkpoint, and replays its
     * retries one by one (after every batch in flight).
     */
    private void finish(Batch batch) {
        int count = batch.size();
        long share = batch.nanos / Math.max(1, count - batch.retry.size());
        for (int k = 0; k < count; k++) {
            if (batch.done[k] != null) {
                run.deliver(batch.positions.get(k), batch.done[k].withNanos(batch.spent[k] + share));
            }
        }
        for (int i = 0; i < batch.stopped.size(); i++) {
            int k = batch.stopped.get(i);
            resumes.computeIfAbsent(batch.stoppedAt, c -> new ArrayList<>()).add(new Resumed(batch.positions.get(k),
                    batch.before[k], batch.after[k], batch.stoppedOutputs.get(i), batch.spent[k] + share));
        }
        if (batch.retry.isEmpty()) {
            return;
        }
        drain(); // the exact path writes words into the model
        Collections.sort(batch.retry);
        for (int k : batch.retry) {
            int position = batch.positions.get(k);
            FaultScenario scenario = run.scenario(position);
            run.deliver(position, replay.replay(run.planIndex(position), scenario, trace.callOf(scenario.first())));
        }
    }

    private void collect(Future<Batch> future) {
        Batch batch;
        try {
            batch = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        finish(batch);
    }

    /** Waits for every batch in flight and delivers its records: before anything writes into the model. */
    void drain() {
        while (!inFlight.isEmpty()) {
            collect(inFlight.poll());
        }
    }

    /** Waits for every batch in flight without delivering anything (a run that is failing). */
    void awaitQuietly() {
        while (!inFlight.isEmpty()) {
            try {
                inFlight.poll().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // the run is already failing
            }
        }
    }
}
