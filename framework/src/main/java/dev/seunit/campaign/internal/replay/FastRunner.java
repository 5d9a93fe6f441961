package dev.seunit.campaign.internal.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;

import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.FastOptions;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.Injector;
import dev.seunit.campaign.internal.OutputComparator;
import dev.seunit.campaign.internal.checkpoint.CheckpointContext;
import dev.seunit.fault.FaultScenario;
import dev.seunit.model.internal.GradMode;
import dev.seunit.model.internal.LayerKinds;

/**
 * {@link dev.seunit.campaign.Execution#FAST}: single faults are grouped by the call they change
 * and run in stacked batches ({@link BatchScheduler}) as soon as a call has a full batch; faults
 * of calls that cannot be stacked are replayed one by one ({@link ExactReplay}), and scenarios no
 * call covers run naive. Both of those run on the caller's thread once the batches in flight are
 * delivered, since they may write into the model.
 */
final class FastRunner implements Runner {

    private final GoldenTrace trace;
    private final Injector naive;
    private final EngineMeter meter;
    private final FaultyOutputs faultyOutputs;
    private final StackedSuffix suffix;
    private final ExactReplay replay;
    private final EngineCache cache;
    private final FastOptions options;
    /** Whether the model's inputs and output have one row per golden input, so faults can be stacked. */
    private final boolean batchable;
    /** What the lanes' checkpoints share; null without checkpoints. */
    private final CheckpointContext checkpoints;

    FastRunner(GoldenTrace trace, ExactReplay replay, FaultyOutputs faultyOutputs, OutputComparator comparator,
            Injector naive, EngineMeter meter, EngineCache cache, FastOptions options) {
        this.trace = trace;
        this.naive = naive;
        this.meter = meter;
        this.faultyOutputs = faultyOutputs;
        this.replay = replay;
        this.cache = cache;
        this.options = options;
        this.suffix = new StackedSuffix(trace, replay.records(), meter, cache.rowGroups());
        this.batchable = rowsFirst(trace);
        this.checkpoints = batchable && options.checkpoints() && comparator.goldenPredictions() != null
                && trace.golden.outputShape().get(0) == trace.golden.inputCount()
                ? checkpointContext(comparator) : null;
    }

    private static boolean rowsFirst(GoldenTrace trace) {
        int inputs = trace.golden.inputCount();
        boolean rowsFirst = true;
        for (NDArray in : trace.golden.inputs()) {
            rowsFirst &= in.getShape().dimension() >= 1 && in.getShape().get(0) == inputs;
        }
        return rowsFirst && trace.golden.outputShape().dimension() >= 1;
    }

    /**
     * Checkpoint candidates: calls whose output is stackable and feeds a channel-mixing layer with
     * another one after it (enough to skip), and which calls mix channels.
     */
    private CheckpointContext checkpointContext(OutputComparator comparator) {
        List<TracedCall> calls = trace.calls;
        boolean[] eligible = new boolean[calls.size()];
        boolean[] mixing = new boolean[calls.size()];
        int after = 0;
        for (int c = calls.size() - 1; c >= 0; c--) {
            eligible[c] = c + 1 < calls.size() && mixing[c + 1] && after >= 2
                    && calls.get(c).batchable(trace.golden.inputCount());
            mixing[c] = LayerKinds.mixesChannels(calls.get(c).block);
            after += mixing[c] ? 1 : 0;
        }
        return new CheckpointContext(cache.checkpoints(comparator.taskKind()), trace.manager, comparator,
                trace.golden.output(), trace.golden.inputCount(), eligible, mixing, meter);
    }

    @Override
    public void run(RunState run) {
        GradMode.off(() -> {
            BatchScheduler scheduler = new BatchScheduler(trace, faultyOutputs, suffix, replay, meter, run, checkpoints,
                    options.lanes(), options.lanes() > 1 ? cache.suffixThreads() : null);
            boolean completed = false;
            try {
                Map<TracedCall, List<Integer>> pending = new LinkedHashMap<>();
                for (int position : run.positions()) {
                    FaultScenario scenario = run.scenario(position);
                    TracedCall call = scenario.size() == 1 ? trace.callOf(scenario.first()) : null;
                    if (call == null) {
                        meter.count(Count.NAIVE);
                        scheduler.drain();
                        run.deliver(position, naive.inject(run.planIndex(position), scenario));
                    } else if (batchable && call.batchable(trace.golden.inputCount())) {
                        List<Integer> queue = pending.computeIfAbsent(call, c -> new ArrayList<>());
                        queue.add(position);
                        if (queue.size() == suffix.batchFaults) {
                            pending.remove(call);
                            scheduler.runBatch(call, queue);
                            scheduler.resumeFull();
                        }
                    } else {
                        scheduler.drain();
                        run.deliver(position, replay.replay(run.planIndex(position), scenario, call));
                    }
                }
                pending.forEach(scheduler::runBatch);
                scheduler.finishAll();
                completed = true;
            } finally {
                if (!completed) {
                    scheduler.awaitQuietly();
                }
            }
        });
    }

    @Override
    public void close() {
        trace.close();
    }
}
