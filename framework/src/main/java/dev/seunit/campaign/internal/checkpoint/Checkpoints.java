package dev.seunit.campaign.internal.checkpoint;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDList;

import dev.seunit.campaign.EngineStatistics.Phase;
import dev.seunit.model.InjectableModel;

/**
 * Where {@link dev.seunit.campaign.Execution#FAST} may decide a fault before the network's
 * output. A <em>checkpoint</em> for a call R (a faulted layer, or an earlier checkpoint a fault
 * was resumed from) is a later call C that is
 * <ul>
 *   <li>a <em>cut</em> ({@link CutFinder}): every path from R to the output passes through C, so
 *       the rest of the network depends on the fault only through C's output, and a fault can be
 *       resumed from C with everything else golden;</li>
 *   <li>and has a <em>certified radius</em> ({@link RadiusSearch}): interval arithmetic
 *       ({@link IntervalBounds}) proves that no prediction changes and no value becomes non-finite
 *       while every value of C's output stays within its radius of golden.</li>
 * </ul>
 * A fault whose output at C is bit-identical to golden is MASKED (exact); one that changed at
 * least {@link #MIN_CHANGED} values of C's output, each within its radius, is BENIGN with its
 * output not computed. The checkpoints of R form a chain (the first cut of R with a radius, then
 * the checkpoints of that one), so that a fault meets the same checkpoints whether its batch runs
 * on through them or stops and resumes. A candidate has a channel-mixing layer from R to it (both
 * included) and is the last eligible output before one of another size per channel: the layers
 * at one resolution cost about the same, so deciding at the last of them skips as much as
 * deciding earlier would, for one comparison instead of several.
 *
 * <p>One instance per lane (each with its own copy of the trace); what they find is kept in the
 * golden run's {@link CheckpointCache}. Methods run in a scope that holds the lane's arrays, so
 * temporaries close with it.
 */
@API(status = INTERNAL, since = "0.1")
public final class Checkpoints {

    /**
     * Values of a checkpoint's output a fault must have changed to be decided BENIGN there: a
     * change of a few values may still vanish in the layers after (rounding, an activation at
     * zero), which would make it MASKED; the next layer mixes every changed value into many.
     */
    public static final int MIN_CHANGED = 16;
    /** No checkpoints. */
    public static final int[] NONE = {};

    private final CheckpointContext context;
    private final NDList[] outputs;
    private final CutFinder cuts;
    private final RadiusSearch radii;

    /**
     * @param goldenInputs the lane's copy of the model's inputs
     * @param outputs the lane's copy of every call's golden output, by call
     */
    public Checkpoints(CheckpointContext context, InjectableModel model, NDList goldenInputs, NDList[] outputs) {
        this.context = context;
        this.outputs = outputs;
        this.cuts = new CutFinder(context, model, goldenInputs, outputs);
        this.radii = new RadiusSearch(context, new IntervalBounds(context, model, goldenInputs, outputs), outputs);
    }

    /** What a fault's output at a checkpoint decides. */
    public enum Verdict {
        /** Bit-identical to golden: MASKED (exact: the checkpoint is a cut). */
        SAME,
        /** At least {@link #MIN_CHANGED} values changed, all finite and within their radii: BENIGN. */
        CERTIFIED,
        /** Neither: the fault runs on. */
        UNDECIDED
    }

    /**
     * The verdict for a fault whose output at a checkpoint is {@code row} (float32 bits), against
     * {@code golden} and the certified {@code radii} (null for none). One pass that stops at the
     * first value ruling both decisions out; the float difference is what the radii certify.
     */
    public static Verdict verdict(int[] row, int[] golden, float[] radii) {
        boolean same = true;
        boolean within = radii != null;
        int changed = 0;
        for (int i = 0; i < golden.length && (same || within); i++) {
            if (row[i] == golden[i]) {
                continue;
            }
            same = false;
            float change = Math.abs(Float.intBitsToFloat(row[i]) - Float.intBitsToFloat(golden[i]));
            within = within && change <= radii[i]; // false for NaN
            changed += change > 0 ? 1 : 0; // -0.0 for 0.0 is no change
        }
        return same ? Verdict.SAME : within && changed >= MIN_CHANGED ? Verdict.CERTIFIED : Verdict.UNDECIDED;
    }

    /** The checkpoints of a fault resumed from call {@code from}, in call order ({@link #NONE} for none). */
    public int[] stops(int from) {
        int[] known = context.cache.stops.get(from);
        if (known != null) {
            return known;
        }
        List<Integer> candidates = new ArrayList<>();
        boolean mixed = false;
        for (int c = from + 1; c < context.eligible.length; c++) {
            mixed |= context.mixing[c - 1] || context.mixing[c];
            if (context.eligible[c] && mixed && lastOfItsSize(c)) {
                candidates.add(c);
            }
        }
        int[] candidate = candidates.stream().mapToInt(Integer::intValue).toArray();
        boolean[] cut = timed(() -> cuts.cuts(from, candidate));
        int[] found = NONE;
        for (int i = 0; i < cut.length; i++) {
            if (cut[i] && radius(candidate[i]) > 0) {
                int[] then = stops(candidate[i]);
                found = new int[then.length + 1];
                found[0] = candidate[i];
                System.arraycopy(then, 0, found, 1, then.length);
                break;
            }
        }
        int[] raced = context.cache.stops.putIfAbsent(from, found); // lanes find the same
        return raced != null ? raced : found;
    }

    /** The certified radius of each value of call {@code at}'s output for one fault (null for none). */
    public float[] radii(int at) {
        float uniform = radius(at); // timed on its own when first found
        float[] spread = context.cache.spread.computeIfAbsent(at, c -> timed(() -> radii.spread(c, uniform)));
        return spread.length == 0 ? null : spread;
    }

    /** The uniform certified radius of call {@code at}'s output (0 for none). */
    private float radius(int at) {
        return context.cache.radii.computeIfAbsent(at, c -> timed(() -> radii.uniform(c)));
    }

    /** Whether no eligible call after {@code c} has an output of the same size per channel before one of another size does. */
    private boolean lastOfItsSize(int c) {
        for (int next = c + 1; next < context.eligible.length; next++) {
            if (context.eligible[next]) {
                return !Arrays.equals(perChannel(c), perChannel(next));
            }
        }
        return true;
    }

    /** The dimensions of call {@code c}'s output after the batch and channel ones (none for fewer). */
    private long[] perChannel(int c) {
        long[] dims = outputs[c].head().getShape().getShape();
        return dims.length > 2 ? Arrays.copyOfRange(dims, 2, dims.length) : new long[0];
    }

    private <T> T timed(Supplier<T> search) {
        long t0 = System.nanoTime();
        try {
            return search.get();
        } finally {
            context.meter.timeSince(Phase.CHECKPOINT_SEARCH, t0);
        }
    }
}
