package dev.seunit.campaign.internal.replay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.EngineStatistics.Phase;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.OutputComparator.Comparison;
import dev.seunit.campaign.internal.Records;
import dev.seunit.campaign.internal.Tiling;
import dev.seunit.campaign.internal.checkpoint.Checkpoints;
import dev.seunit.model.internal.Tracer;

/**
 * Runs a batch's stacked faulty outputs through the rest of the network in one forward pass:
 * the layers before the batch's call give the golden outputs tiled once per fault, and every
 * layer after gives each fault's rows what it gives the golden batch alone (see
 * {@link #forwardRows}), so a record does not depend on which faults share its batch, lane or
 * shard. At each checkpoint on the way it decides what it can ({@link #decide}) and stops the
 * batch once it has decided some fault; the batch's other faults resume from there later.
 */
final class StackedSuffix {

    /** Rows (faults x golden inputs) a batch aims for: 128 rows were no faster per row on CPU. */
    static final int MAX_ROWS = 64;

    /**
     * Leaves a stacked forward at a checkpoint that decided some of its faults; {@code output} is
     * the checkpoint's output (null when no fault is left). Carries no stack trace.
     */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int at;
        final transient NDArray output;

        Stopped(int at, NDArray output) {
            super(null, null, false, false);
            this.at = at;
            this.output = output;
        }
    }

    private final GoldenTrace trace;
    private final Records records;
    private final EngineMeter meter;
    /** Faults per full batch: {@link #MAX_ROWS} over the golden inputs. */
    final int batchFaults;
    /**
     * Per call and batch size ({@link #batchKey}), how many groups of rows a layer computes as
     * the golden batch alone (see {@link #forwardRows}); kept per golden run.
     */
    private final Map<Long, Integer> rowGroups;

    StackedSuffix(GoldenTrace trace, Records records, EngineMeter meter, Map<Long, Integer> rowGroups) {
        this.trace = trace;
        this.records = records;
        this.meter = meter;
        this.rowGroups = rowGroups;
        this.batchFaults = Math.max(1, MAX_ROWS / trace.golden.inputCount());
    }

    /**
     * Runs the stacked faults of {@code batch} on {@code lane} (any thread) and records those
     * decided or run to the output; the faults left at a checkpoint go to {@link Batch#stopped},
     * and all of them to {@link Batch#retry} when the batch fails as a whole.
     */
    void run(Batch batch, Lane lane, NDManager scope, RunState run) {
        long start = System.nanoTime();
        int faults = paddedFaults(batch.stacked.size());
        int[] stops = lane.checkpoints == null ? Checkpoints.NONE : lane.checkpoints.stops(batch.at.index);
        Comparison[] decided = new Comparison[batch.stacked.size()];
        float[] out = null;
        try {
            out = forwardBatch(batch, faults, lane, scope, stops, decided);
        } catch (Stopped s) {
            meter.count(Count.STOPPED);
            long rows = s.output == null ? 0 : s.output.getShape().get(0) / faults;
            batch.stoppedAt = s.at;
            for (int j = 0; j < batch.stacked.size(); j++) {
                if (decided[j] == null) {
                    batch.stopped.add(batch.stacked.get(j));
                    NDArray rowsOfFault = s.output.get(j * rows + ":" + (j + 1) * rows).duplicate();
                    rowsOfFault.attach(trace.manager); // any lane resumes it, after this batch's scope is gone
                    batch.stoppedOutputs.add(rowsOfFault);
                }
            }
        } catch (RuntimeException e) {
            meter.count(Count.BATCH_RETRIES);
            batch.retry.addAll(batch.stacked); // run one by one so that an error lands on its own scenario
            Arrays.fill(decided, null);
        } finally {
            batch.resumedOutputs.forEach(NDArray::close); // stacked, or replayed from scratch on a retry
        }
        long t1 = System.nanoTime();
        int chunk = out == null ? 0 : out.length / faults;
        for (int j = 0; j < batch.stacked.size(); j++) {
            int k = batch.stacked.get(j);
            if (decided[j] == null && out == null) {
                continue; // stopped or retried
            }
            if (decided[j] == null) {
                meter.count(Count.BATCHED);
            }
            int position = batch.positions.get(k);
            batch.done[k] = records.of(run.planIndex(position), run.scenario(position), batch.before[k],
                    batch.after[k], decided[j], decided[j] != null ? null : Arrays.copyOfRange(out, j * chunk,
                            (j + 1) * chunk), null, 0);
        }
        meter.timeSince(Phase.COMPARE, t1);
        batch.nanos += System.nanoTime() - start;
    }

    /** Batch size for {@code count} faults: the next power of two (a few sizes, each checked and tiled once). */
    private int paddedFaults(int count) {
        return Math.max(count, Math.min(batchFaults, Integer.highestOneBit(Math.max(1, count - 1)) << 1));
    }

    /**
     * Runs the network from the batch's call on, with its faulty outputs there stacked (padded to
     * {@code faults} with golden ones). At each of {@code stops} it decides what it can of the
     * faults not yet in {@code decided}, and leaves with {@link Stopped} once some fault is decided.
     */
    private float[] forwardBatch(Batch batch, int faults, Lane lane, NDManager scope, int[] stops,
            Comparison[] decided) {
        TracedCall at = batch.at;
        int count = batch.stacked.size();
        NDArray stacked = stack(batch, faults, lane, scope);
        long t0 = System.nanoTime();
        Map<Long, NDList> keep = new HashMap<>();
        NDList out;
        try {
            NDList modelInputs = tiledOutput(lane, -1, faults, keep); // read by no layer before the fault, but built
            out = Tracer.forward(trace.model, modelInputs, (call, layer, leaf, store, in) -> {
                if (call < at.index) {
                    return tiledOutput(lane, call, faults, keep);
                }
                if (call == at.index) {
                    return new NDList(stacked);
                }
                NDList result = forwardRows(trace.calls.get(call), lane, leaf, store, in, faults);
                if (Arrays.binarySearch(stops, call) >= 0) {
                    decide(trace.calls.get(call), lane.checkpoints.radii(call), result.head(), count, lane, decided);
                }
                return result;
            });
        } finally {
            meter.timeSince(Phase.SUFFIX, t0); // stopped at a checkpoint too
            for (Map.Entry<Long, NDList> e : keep.entrySet()) {
                for (NDArray a : e.getValue()) {
                    a.attach(lane.manager); // cached for the next batches of this size
                    lane.cached.add(a);
                }
                lane.tiled.put(e.getKey(), e.getValue());
            }
        }
        NDArray head = out.head();
        long rows = trace.golden.outputShape().get(0) * faults;
        if (head.getShape().dimension() == 0 || head.getShape().get(0) != rows) {
            throw new IllegalStateException("a batch of " + faults + " gave an output of shape " + head.getShape());
        }
        long t1 = System.nanoTime();
        float[] values = FloatBits.floats(head);
        meter.timeSince(Phase.READ, t1);
        return values;
    }

    /** The batch's faulty outputs at its call, stacked and padded with golden rows to {@code faults}. */
    private static NDArray stack(Batch batch, int faults, Lane lane, NDManager scope) {
        TracedCall at = batch.at;
        int count = batch.stacked.size();
        if (!batch.resumedOutputs.isEmpty()) {
            NDList parts = new NDList(batch.resumedOutputs);
            for (int b = count; b < faults; b++) {
                parts.add(lane.outputs[at.index].head());
            }
            NDArray stacked = NDArrays.concat(parts, 0);
            stacked.attach(scope);
            return stacked;
        }
        int[] goldenBits = at.outBits();
        int size = goldenBits.length;
        ByteBuffer buffer = ByteBuffer.allocateDirect(faults * size * 4).order(ByteOrder.nativeOrder());
        for (int b = 0; b < faults; b++) {
            buffer.asIntBuffer().position(b * size).put(b < count ? batch.faultyOutputs.get(b) : goldenBits);
        }
        buffer.rewind();
        long[] dims = at.output.head().getShape().getShape().clone();
        dims[0] *= faults;
        return scope.create(buffer, new Shape(dims), DataType.FLOAT32);
    }

    /**
     * At checkpoint {@code at}: a fault whose output there is bit-identical to golden is MASKED
     * (exact: the checkpoint is a cut), one that changed at least {@link Checkpoints#MIN_CHANGED}
     * values, all finite and each within its certified radius ({@code radii}, one fault's worth;
     * null for none), is BENIGN (certified); a fault's first decision stands whatever its batch
     * does after, and depends on its own rows only. Throws {@link Stopped} once any fault of the
     * batch is decided, so that the rest resume from here in full batches rather than running on
     * beside rows that no longer need computing. Reads the rows in place in native memory, one
     * pass per fault that stops at the first value ruling both decisions out.
     */
    private void decide(TracedCall at, float[] radii, NDArray result, int count, Lane lane, Comparison[] decided) {
        long t0 = System.nanoTime();
        int[] goldenBits = at.outBits();
        int size = goldenBits.length;
        if (result.getDataType() != DataType.FLOAT32 || result.size() < (long) count * size) {
            return;
        }
        IntBuffer values = result.toByteBuffer(true).asIntBuffer(); // no copy of a contiguous array
        int[] row = lane.row(size);
        int undecided = 0;
        for (int j = 0; j < count; j++) {
            if (decided[j] != null) {
                continue;
            }
            values.get(j * size, row, 0, size);
            switch (Checkpoints.verdict(row, goldenBits, radii)) {
                case SAME -> {
                    decided[j] = records.comparator().identical();
                    meter.count(Count.MASKED_AT_CHECKPOINTS);
                }
                case CERTIFIED -> {
                    decided[j] = records.comparator().unchangedPredictions();
                    meter.count(Count.CERTIFIED);
                }
                default -> undecided++;
            }
        }
        meter.timeSince(Phase.DECIDE, t0);
        if (undecided < count) { // nothing left (null bits), or rows that would run for nothing
            throw new Stopped(at.index, undecided == 0 ? null : result);
        }
    }

    /**
     * The golden output of {@code call} (the model's inputs for -1) tiled {@code faults} times,
     * kept per lane (batches come in a few sizes, see {@link #paddedFaults}).
     */
    private static NDList tiledOutput(Lane lane, int call, int faults, Map<Long, NDList> keep) {
        NDList golden = call < 0 ? lane.goldenInputs : lane.outputs[call];
        if (faults == 1) {
            return golden; // the cached arrays themselves: kept copies would alias them
        }
        long key = batchKey(call, faults);
        NDList tiled = lane.tiled.get(key);
        if (tiled == null) {
            tiled = keep.computeIfAbsent(key, c -> Tiling.tile(golden, faults));
        }
        return tiled;
    }

    /** A key for what is kept per call and batch size. */
    static long batchKey(int call, int faults) {
        return (long) call << 32 | faults;
    }

    /**
     * Runs a layer after the fault on {@code faults} stacked groups of rows, in chunks of as many
     * groups as the layer computes giving each group what it gives the golden batch alone: all of
     * them in one call for most layers; fewer where a larger batch makes the kernel change (a 1x1
     * convolution switches to another kernel beyond some batch size). Checked once per layer and
     * batch size on the golden data; one group per call is the golden computation itself.
     */
    private NDList forwardRows(TracedCall call, Lane lane, Block leaf, ParameterStore store, NDList in, int faults) {
        long key = batchKey(call.index, faults);
        Integer chunk = rowGroups.get(key);
        if (chunk == null) {
            chunk = 1;
            for (int groups = faults; groups > 1; groups--) {
                if (faults % groups == 0 && batchInvariant(call, lane.inputs[call.index], leaf, store, groups)) {
                    chunk = groups;
                    break;
                }
            }
            rowGroups.put(key, chunk);
        }
        if (chunk == faults) {
            return leaf.forward(store, in, false);
        }
        int sections = faults / chunk;
        List<NDList> pieces = new ArrayList<>();
        for (NDArray a : in) {
            pieces.add(a.split(sections)); // views, in one call
        }
        List<NDList> parts = new ArrayList<>();
        for (int b = 0; b < sections; b++) {
            NDList slice = new NDList();
            for (NDList p : pieces) {
                slice.add(p.get(b));
            }
            parts.add(leaf.forward(store, slice, false));
        }
        NDList joined = new NDList();
        for (int i = 0; i < parts.get(0).size(); i++) {
            NDList column = new NDList();
            for (NDList p : parts) {
                column.add(p.get(i));
            }
            joined.add(NDArrays.concat(column, 0));
        }
        return joined;
    }

    /** Whether {@code leaf} on {@code faults} copies of its golden inputs gives its golden output for each copy, bit for bit. */
    private static boolean batchInvariant(TracedCall call, NDList inputs, Block leaf, ParameterStore store, int faults) {
        try {
            NDList out = leaf.forward(store, Tiling.tile(inputs, faults), false);
            byte[][] golden = call.outBytes();
            if (out.size() != golden.length) {
                return false;
            }
            for (int i = 0; i < out.size(); i++) {
                byte[] all = out.get(i).toByteArray();
                int length = golden[i].length;
                if (all.length != length * faults) {
                    return false;
                }
                for (int b = 0; b < faults; b++) {
                    if (!Arrays.equals(all, b * length, (b + 1) * length, golden[i], 0, length)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
