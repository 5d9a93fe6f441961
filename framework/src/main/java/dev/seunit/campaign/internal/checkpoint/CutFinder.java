package dev.seunit.campaign.internal.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

import dev.seunit.campaign.internal.Tiling;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.internal.Tracer;

/**
 * Which later calls are cuts for a call R: every path from R to the network's output passes
 * through them. Found by propagating NaN: R's output is filled with NaN and a candidate's output
 * restored to golden, one row per candidate in one forward pass of the first golden input; the
 * output comes back golden only if no NaN went around the candidate (NaN survives zero weights,
 * pooling, every activation and concatenation).
 */
final class CutFinder {

    private final CheckpointContext context;
    private final InjectableModel model;
    private final NDList goldenInputs;
    private final NDList[] outputs;

    CutFinder(CheckpointContext context, InjectableModel model, NDList goldenInputs, NDList[] outputs) {
        this.context = context;
        this.model = model;
        this.goldenInputs = goldenInputs;
        this.outputs = outputs;
    }

    /** For each of {@code candidates}, whether it is a cut for call {@code from}. */
    boolean[] cuts(int from, int[] candidates) {
        int groups = candidates.length;
        boolean[] cut = new boolean[groups];
        if (groups == 0 || outputs[from].size() != 1 || outputs[from].head().getDataType() != DataType.FLOAT32) {
            return cut;
        }
        NDList out;
        try {
            out = Tracer.forward(model, Tiling.tile(firstRow(goldenInputs), groups), (call, layer, leaf, store, in) -> {
                if (call < from) {
                    return Tiling.tile(firstRow(outputs[call]), groups);
                }
                if (call == from) {
                    return new NDList(Tiling.tile(firstRow(outputs[call]), groups).head().mul(Float.NaN));
                }
                NDList result = leaf.forward(store, in, false);
                int group = indexOf(candidates, call);
                return group < 0 ? result : new NDList(replaceGroup(result.singletonOrThrow(), group, groups,
                        firstRow(outputs[call]).head()));
            });
        } catch (RuntimeException e) {
            return cut; // no checkpoint for a model that does not run so
        }
        NDArray y = out.head();
        int length = context.golden.length / context.inputs;
        if (y.getDataType() != DataType.FLOAT32 || y.size() != (long) length * groups) {
            return cut;
        }
        float[] all = y.toFloatArray();
        for (int g = 0; g < groups; g++) {
            boolean same = true;
            for (int i = 0; i < length && same; i++) {
                // one row may run other kernels than the golden batch, so close, not equal
                same = Math.abs(all[g * length + i] - context.golden[i]) <= context.tolerance; // false for NaN
            }
            cut[g] = same;
        }
        return cut;
    }

    private static NDArray replaceGroup(NDArray computed, int group, int groups, NDArray golden) {
        long per = computed.getShape().get(0) / groups;
        NDList parts = new NDList();
        if (group > 0) {
            parts.add(computed.get("0:" + group * per));
        }
        parts.add(golden);
        if (group < groups - 1) {
            parts.add(computed.get((group + 1) * per + ":"));
        }
        return NDArrays.concat(parts, 0);
    }

    private NDList firstRow(NDList arrays) {
        NDList first = new NDList();
        for (NDArray a : arrays) {
            first.add(a.getShape().dimension() > 0 && a.getShape().get(0) == context.inputs ? a.get("0:1") : a);
        }
        return first;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
