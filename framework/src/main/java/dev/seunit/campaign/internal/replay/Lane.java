package dev.seunit.campaign.internal.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.seunit.campaign.internal.checkpoint.CheckpointContext;
import dev.seunit.campaign.internal.checkpoint.Checkpoints;

/**
 * The arrays a stacked suffix reads: the trace itself (the caller's lane), or a copy of it for
 * one suffix thread, so that threads never share native arrays. Used by one thread at a time.
 */
final class Lane {

    final NDManager manager;
    /** Per call, the golden inputs and output this lane reads. */
    final NDList[] inputs;
    final NDList[] outputs;
    final NDList goldenInputs;
    /** The arrays attached to each scope of this lane, including the tiles kept below. */
    final List<NDArray> cached;
    /** Golden outputs tiled for a batch, per call and batch size ({@link StackedSuffix#batchKey}). */
    final Map<Long, NDList> tiled = new HashMap<>();
    /** Null without checkpoints. */
    final Checkpoints checkpoints;
    /** A fault's rows at a checkpoint, read by the decisions there. */
    private int[] row = new int[0];

    private Lane(NDManager manager, NDList[] inputs, NDList[] outputs, NDList goldenInputs, List<NDArray> cached,
            CheckpointContext context, GoldenTrace trace) {
        this.manager = manager;
        this.inputs = inputs;
        this.outputs = outputs;
        this.goldenInputs = goldenInputs;
        this.cached = cached;
        this.checkpoints = context == null ? null : new Checkpoints(context, trace.model, goldenInputs, outputs);
    }

    /** The caller's lane: the trace's own arrays. */
    static Lane of(GoldenTrace trace, CheckpointContext context) {
        NDList[] inputs = new NDList[trace.calls.size()];
        NDList[] outputs = new NDList[trace.calls.size()];
        for (TracedCall c : trace.calls) {
            inputs[c.index] = c.inputs;
            outputs[c.index] = c.output;
        }
        return new Lane(trace.manager, inputs, outputs, trace.golden.inputs(), trace.cached, context, trace);
    }

    /** A lane on copies of the trace's arrays, in a sub-manager of the trace; on the caller's thread, while no scope holds them. */
    static Lane copyOf(GoldenTrace trace, CheckpointContext context) {
        NDManager manager = trace.manager.newSubManager();
        Map<NDArray, NDArray> copies = new IdentityHashMap<>();
        List<NDArray> cached = new ArrayList<>();
        Function<NDList, NDList> copy = list -> {
            NDList c = new NDList();
            for (NDArray a : list) {
                c.add(copies.computeIfAbsent(a, x -> {
                    NDArray d = x.duplicate();
                    d.attach(manager);
                    cached.add(d);
                    return d;
                }));
            }
            return c;
        };
        NDList[] inputs = new NDList[trace.calls.size()];
        NDList[] outputs = new NDList[trace.calls.size()];
        for (TracedCall c : trace.calls) {
            inputs[c.index] = copy.apply(c.inputs);
            outputs[c.index] = copy.apply(c.output);
        }
        return new Lane(manager, inputs, outputs, copy.apply(trace.golden.inputs()), cached, context, trace);
    }

    int[] row(int size) {
        if (row.length < size) {
            row = new int[size];
        }
        return row;
    }

    /** A scope for one batch, holding this lane's arrays for its lifetime. */
    NDManager scope() {
        NDManager scope = manager.newSubManager();
        for (NDArray a : cached) {
            a.tempAttach(scope);
        }
        return scope;
    }
}
