package dev.seunit.campaign.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.convolutional.Deconvolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.Task;
import dev.seunit.model.AffineBlock;
import dev.seunit.model.InjectableModel;
import dev.seunit.transform.ActivationBlock;
import dev.seunit.transform.Activations;
import dev.seunit.transform.internal.Layers;

/**
 * Where {@link ReplayEngine}'s FAST path may decide a fault before the network's output. A
 * <em>checkpoint</em> for a call R (a faulted layer, or an earlier checkpoint a fault was
 * resumed from) is a later recorded call C with
 * <ul>
 *   <li>a <em>cut</em>: every path from R to the output passes through C, so the rest of the
 *       network depends on the fault only through C's output, and a fault can be resumed from C
 *       with everything else golden. Tested by filling R's output with NaN and restoring C's: the
 *       output comes back golden only if no NaN went around C (NaN survives zero weights, pooling,
 *       every activation and concatenation);</li>
 *   <li>a <em>certified radius</em> {@code r > 0}: interval arithmetic (boxes around the golden
 *       values, propagated through the rest of the network) proves that no prediction changes and
 *       no value becomes non-finite while every value of C's output stays within {@code r} of
 *       golden. When C's layer is an activation, the box is cut to that activation's range: a
 *       faulty run's value there is its output too (after a ReLU, the half of the values that
 *       are 0 can only move up), so the rest of the box needs no certifying.</li>
 * </ul>
 * The radius then grows where the predictions that depend on a value have more room: each
 * prediction gets the largest {@code r * 2^k} (k up to {@link #LEVELS}) whose uniform box keeps
 * it, and each value of C's output the smallest level of the predictions in a neighbourhood of
 * its position (images: the output pixels its pixel maps onto, widened by a reach; otherwise its
 * row). That box is certified again as a whole, with the reach doubled until it is; so a fault
 * far from the few predictions near a decision boundary may move C's values far more than
 * {@code r}. A fault whose output at C is bit-identical to golden is MASKED (exact); one that
 * changed at least {@link #MIN_CHANGED} values of C's output, each within its radius, is BENIGN
 * with its output not computed. The checkpoints of R form a chain (the first cut of R with a radius,
 * then the checkpoints of that one), so that a fault meets the same checkpoints whether its batch
 * runs on through them or stops and resumes. A candidate has a channel-mixing layer from R to it
 * (both included) and is the last eligible output before one of another size (per channel).
 *
 * <p>Interval propagation runs the model's own forward on stacked rows {@code [lower; upper]}:
 * affine layers (DJL convolutions, transposed convolutions, linear and batch norm layers, and
 * {@link AffineBlock}s) map the centre with their weights and the radius with {@code |weights|}
 * and zero bias, widened by the float32 rounding error of their sums; monotone layers (activations, pooling, dropout,
 * flattening) map each bound; any other layer leaves the call without a radius. The glue between
 * layers sees lower and upper rows as two inputs and is assumed to be monotone (concatenation,
 * addition, reshaping): the radius is checked on random points of the box and dropped if one
 * lands outside the computed bounds.
 *
 * <p>One instance per lane (each with its own copy of the trace); what they find is shared.
 * Methods run in a scope that holds the lane's arrays, so temporaries close with it.
 */
final class Checkpoints {

    /** Unit roundoff of float32. */
    private static final double UNIT = 0x1p-24;
    /** Share of the largest golden output value a prediction must lead by beyond its bounds. */
    private static final float LEAD = 1e-5f;
    /**
     * Values of a checkpoint's output a fault must have changed to be decided BENIGN there: a
     * change of a few values may still vanish in the layers after (rounding, an activation at
     * zero), which would make it MASKED; the next layer mixes every changed value into many.
     */
    static final int MIN_CHANGED = 16;
    static final int[] NONE = {};
    /** Doublings of the uniform radius a prediction may get: its values may move up to 2^LEVELS times as far. */
    static final int LEVELS = 8;
    private static final float[] NO_RADII = {};

    /**
     * Checkpoints and radii found per golden run and task kind, for the next campaigns on it: they
     * depend on nothing else (the weights and inputs are the golden run's; a fault is always
     * restored before the next one).
     */
    private static final Map<GoldenRun, Map<Task.Kind, Shared.Found>> FOUND = new WeakHashMap<>();

    /** What the lanes of one engine find, shared. */
    static final class Shared {
        private record Found(Map<Integer, int[]> stops, Map<Integer, Float> radii, Map<Integer, float[]> spread) {
        }

        final Map<Integer, int[]> stops;
        final Map<Integer, Float> radii;
        /** Per checkpoint, the certified radius of each value of its output ({@link #NO_RADII} for none). */
        final Map<Integer, float[]> spread;
        final Map<Parameter, NDArray> absolute = new ConcurrentHashMap<>();
        /** Per checkpoint, the range of its layer's outputs ({@link #range}). */
        final Map<Integer, float[]> ranges = new ConcurrentHashMap<>();
        final NDManager keep;
        final OutputComparator comparator;
        final float[] golden;
        final int inputs;
        /** Calls that may be checkpoints: their output feeds a layer that mixes channels, with another such layer after. */
        final boolean[] eligible;
        /** Calls whose layer mixes channels ({@link #mixesChannels}). */
        final boolean[] mixing;
        final float tolerance;

        Shared(GoldenRun run, NDManager keep, OutputComparator comparator, float[] golden, int inputs,
                boolean[] eligible, boolean[] mixing) {
            Found found;
            synchronized (FOUND) {
                found = FOUND.computeIfAbsent(run, r -> new EnumMap<>(Task.Kind.class)).computeIfAbsent(
                        comparator.taskKind(), k -> new Found(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                                new ConcurrentHashMap<>()));
            }
            this.stops = found.stops();
            this.radii = found.radii();
            this.spread = found.spread();
            this.keep = keep;
            this.comparator = comparator;
            this.golden = golden;
            this.inputs = inputs;
            this.eligible = eligible;
            this.mixing = mixing;
            float largest = 0;
            for (float v : golden) {
                largest = Math.max(largest, Math.abs(v));
            }
            this.tolerance = LEAD * largest;
        }
    }

    private final Shared shared;
    private final InjectableModel model;
    private final NDList goldenInputs;
    private final NDList[] outputs;

    Checkpoints(Shared shared, InjectableModel model, NDList goldenInputs, NDList[] outputs) {
        this.shared = shared;
        this.model = model;
        this.goldenInputs = goldenInputs;
        this.outputs = outputs;
    }

    /** Whether {@code leaf} sums over its input channels, so that a change of many of its inputs rarely vanishes there. */
    static boolean mixesChannels(Block leaf) {
        return leaf instanceof Convolution || leaf instanceof Deconvolution || leaf instanceof Linear
                || leaf instanceof AffineBlock;
    }

    /** The checkpoints of a fault resumed from call {@code from}, in call order (none: an empty array). */
    int[] stops(int from) {
        int[] known = shared.stops.get(from);
        if (known != null) {
            return known;
        }
        int[] found = NONE;
        List<Integer> candidates = new ArrayList<>();
        boolean mixed = false;
        for (int c = from + 1; c < shared.eligible.length; c++) {
            mixed |= shared.mixing[c - 1] || shared.mixing[c];
            // a layer that mixes channels after the fault, and the last eligible output of its size:
            // the layers at one resolution cost about the same, so deciding at the last of them
            // skips as much as deciding earlier would, for one comparison instead of several
            if (shared.eligible[c] && mixed && lastOfItsSize(c)) {
                candidates.add(c);
            }
        }
        long t0 = System.nanoTime();
        boolean[] cut = cuts(from, candidates.stream().mapToInt(Integer::intValue).toArray());
        ReplayEngine.COUNTERS.nanosCheckpoints.addAndGet(System.nanoTime() - t0);
        for (int i = 0; i < cut.length; i++) {
            int c = candidates.get(i);
            if (cut[i] && radius(c) > 0) {
                int[] then = stops(c);
                found = new int[then.length + 1];
                found[0] = c;
                System.arraycopy(then, 0, found, 1, then.length);
                break;
            }
        }
        int[] raced = shared.stops.putIfAbsent(from, found); // lanes find the same
        return raced != null ? raced : found;
    }

    /** Whether no eligible call after {@code c} has an output of the same size per channel before one of another size does. */
    private boolean lastOfItsSize(int c) {
        for (int next = c + 1; next < shared.eligible.length; next++) {
            if (shared.eligible[next]) {
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

    /** The certified radius of each value of call {@code at}'s output for one fault (null for none). */
    float[] radii(int at) {
        float[] spread = shared.spread.computeIfAbsent(at, c -> {
            long t0 = System.nanoTime();
            float[] found = spread(c);
            ReplayEngine.COUNTERS.nanosCheckpoints.addAndGet(System.nanoTime() - t0);
            return found;
        });
        return spread.length == 0 ? null : spread;
    }

    /** The uniform certified radius of call {@code at}'s output (0 for none). */
    float radius(int at) {
        return shared.radii.computeIfAbsent(at, c -> {
            try {
                long t0 = System.nanoTime();
                float r = search(c);
                ReplayEngine.COUNTERS.nanosCheckpoints.addAndGet(System.nanoTime() - t0);
                return r;
            } catch (RuntimeException e) { // Uncertifiable, or a model that does not run so
                return 0f;
            }
        });
    }

    /**
     * Which of {@code candidates} are cuts for call {@code from}: one forward pass of the first
     * golden input, a row per candidate.
     */
    private boolean[] cuts(int from, int[] candidates) {
        int groups = candidates.length;
        boolean[] cut = new boolean[groups];
        if (groups == 0 || outputs[from].size() != 1 || outputs[from].head().getDataType() != DataType.FLOAT32) {
            return cut;
        }
        NDList out;
        try {
            out = model.forward(ReplayEngine.tile(firstRow(goldenInputs), groups), (call, layer, leaf, store, in) -> {
                if (call < from) {
                    return ReplayEngine.tile(firstRow(outputs[call]), groups);
                }
                if (call == from) {
                    return new NDList(ReplayEngine.tile(firstRow(outputs[call]), groups).head().mul(Float.NaN));
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
        int length = shared.golden.length / shared.inputs;
        if (y.getDataType() != DataType.FLOAT32 || y.size() != (long) length * groups) {
            return cut;
        }
        float[] all = y.toFloatArray();
        for (int g = 0; g < groups; g++) {
            boolean same = true;
            for (int i = 0; i < length && same; i++) {
                // one row may run other kernels than the golden batch, so close, not equal
                same = Math.abs(all[g * length + i] - shared.golden[i]) <= shared.tolerance; // false for NaN
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
            first.add(a.getShape().dimension() > 0 && a.getShape().get(0) == shared.inputs ? a.get("0:1") : a);
        }
        return first;
    }

    /**
     * Bisection over radii {@code scale * 2^k}, k in [-24, 0], then two halvings of the last step in
     * log scale, one interval forward of the golden inputs each (a few rows per forward cost much
     * less than many candidates at once); the radius is kept if the real network at points of its
     * box stays within the bounds.
     */
    private float search(int at) {
        NDArray g = outputs[at].head();
        if (outputs[at].size() != 1 || g.getDataType() != DataType.FLOAT32) {
            return 0f;
        }
        float scale = Math.max(g.abs().max().getFloat(), Float.MIN_NORMAL);
        double low = -25; // certified at scale * 2^low (-25: none found yet), not at scale * 2^high
        double high = 1;
        while (high - low > 1) {
            double mid = Math.floor((low + high) / 2);
            if (certified(at, scale * (float) Math.pow(2, mid))) {
                low = mid;
            } else {
                high = mid;
            }
        }
        if (low < -24) {
            return 0f;
        }
        for (double step = 0.5; step > 0.2; step /= 2) {
            if (certified(at, scale * (float) Math.pow(2, low + step))) {
                low += step;
            }
        }
        float radius = scale * (float) Math.pow(2, low);
        return contains(at, uniformRadii(at, radius)) ? radius : 0f;
    }

    /**
     * Radii for each value of call {@code at}'s output, at least its uniform radius, certified as a
     * whole ({@link #NO_RADII} without a uniform radius).
     */
    private float[] spread(int at) {
        float uniform = radius(at);
        if (uniform <= 0) {
            return NO_RADII;
        }
        try {
            NDArray g = outputs[at].head();
            int[] levels = levels(at, uniform);
            if (levels != null && Arrays.stream(levels).anyMatch(l -> l > 0)) {
                long[] shape = g.getShape().getShape();
                long[] grid = shared.comparator.predictionShape();
                long widest = grid.length == 3 ? Math.max(grid[1], grid[2]) : 1;
                // from half the output pixels per pixel of this value: a convolution or two after it
                // reach about that far at its resolution, so smaller reaches rarely certify
                int first = grid.length == 3 && shape.length == 4
                        ? (int) Math.max(1, Integer.highestOneBit((int) Math.max(1, grid[1] / shape[2])) / 2) : 1;
                for (int reach = first; reach <= widest; reach *= 2) {
                    float[] radii = radiiOfLevels(shape, grid, levels, reach, uniform);
                    if (radii == null) {
                        break;
                    }
                    NDArray box = g.getManager().create(radii, g.getShape());
                    if (certified(at, box) && contains(at, box)) {
                        return radii;
                    }
                }
            }
        } catch (RuntimeException e) { // Uncertifiable: the uniform radius stands
        }
        float[] radii = new float[Math.toIntExact(outputs[at].head().size())];
        Arrays.fill(radii, uniform);
        return radii;
    }

    /**
     * Per golden prediction, the largest k in [0, LEVELS] such that the uniform boxes of
     * {@code uniform * 2^j}, j <= k, keep it (null for outputs without predictions).
     */
    private int[] levels(int at, float uniform) {
        int[] levels = new int[shared.comparator.goldenPredictions().length];
        boolean rising = true;
        for (int k = 1; k <= LEVELS && rising; k++) {
            float[][] bounds = bounds(at, uniformRadii(at, Math.scalb(uniform, k)));
            boolean[] kept = shared.comparator.keptPredictions(bounds[0], bounds[1], shared.tolerance);
            if (kept == null) {
                return null;
            }
            rising = false;
            for (int p = 0; p < kept.length; p++) {
                if (kept[p] && levels[p] == k - 1) {
                    levels[p] = k;
                    rising = true;
                }
            }
        }
        return levels;
    }

    /**
     * Radii for a value of shape {@code shape} from the prediction levels laid out as
     * {@code grid}: images (predictions per pixel, values with channels) give each pixel of the
     * value the smallest level of the output pixels it maps onto, widened by {@code reach};
     * anything else gives each row the smallest level of its row (only for reach 1; null after).
     */
    private static float[] radiiOfLevels(long[] shape, long[] grid, int[] levels, int reach, float uniform) {
        int rows = (int) grid[0];
        if (shape.length == 0 || shape[0] != rows) {
            return null;
        }
        long total = 1;
        for (long d : shape) {
            total *= d;
        }
        float[] radii = new float[Math.toIntExact(total)];
        int perRow = radii.length / rows;
        int predictionsPerRow = levels.length / rows;
        if (grid.length != 3 || shape.length != 4) {
            if (reach > 1) {
                return null;
            }
            for (int n = 0; n < rows; n++) {
                int level = LEVELS;
                for (int p = 0; p < predictionsPerRow; p++) {
                    level = Math.min(level, levels[n * predictionsPerRow + p]);
                }
                Arrays.fill(radii, n * perRow, (n + 1) * perRow, Math.scalb(uniform, level));
            }
            return radii;
        }
        int height = (int) grid[1];
        int width = (int) grid[2];
        int channels = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        for (int n = 0; n < rows; n++) {
            int[] eroded = erode(levels, n * predictionsPerRow, height, width, reach);
            for (int y = 0; y < h; y++) {
                int top = (int) ((long) y * height / h);
                int bottom = (int) Math.max(top + 1, ((long) (y + 1) * height + h - 1) / h);
                for (int x = 0; x < w; x++) {
                    int left = (int) ((long) x * width / w);
                    int right = (int) Math.max(left + 1, ((long) (x + 1) * width + w - 1) / w);
                    int level = LEVELS;
                    for (int yy = top; yy < bottom; yy++) {
                        for (int xx = left; xx < right; xx++) {
                            level = Math.min(level, eroded[yy * width + xx]);
                        }
                    }
                    float r = Math.scalb(uniform, level);
                    for (int c = 0; c < channels; c++) {
                        radii[((n * channels + c) * h + y) * w + x] = r;
                    }
                }
            }
        }
        return radii;
    }

    /** The smallest of {@code levels} (an image at {@code offset}) within {@code reach} of each pixel, both ways. */
    private static int[] erode(int[] levels, int offset, int height, int width, int reach) {
        int[] across = new int[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int m = LEVELS;
                for (int xx = Math.max(0, x - reach); xx <= Math.min(width - 1, x + reach); xx++) {
                    m = Math.min(m, levels[offset + y * width + xx]);
                }
                across[y * width + x] = m;
            }
        }
        int[] eroded = new int[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int m = LEVELS;
                for (int yy = Math.max(0, y - reach); yy <= Math.min(height - 1, y + reach); yy++) {
                    m = Math.min(m, across[yy * width + x]);
                }
                eroded[y * width + x] = m;
            }
        }
        return eroded;
    }

    /** Whether no output in the bounds for the box of {@code radius} around call {@code at}'s output changes a prediction. */
    private boolean certified(int at, float radius) {
        return certified(at, uniformRadii(at, radius));
    }

    /** The same radius for every value of call {@code at}'s output. */
    private NDArray uniformRadii(int at, float radius) {
        return outputs[at].head().zerosLike().add(radius);
    }

    /**
     * The lower and upper corners of the box of {@code radius} (per value) around call
     * {@code at}'s output, cut to the range of its layer {@code leaf} when that is an activation:
     * a faulty run's value there is that activation's output too, so nothing outside its range
     * needs certifying (after a ReLU, half the values are 0 and move up only).
     */
    private NDList box(int at, Block leaf, ParameterStore store, NDArray radius) {
        NDArray g = outputs[at].head();
        NDArray lower = g.sub(radius);
        NDArray upper = g.add(radius);
        float[] range = shared.ranges.computeIfAbsent(at, c -> range(leaf, store, g));
        if (range[0] > Float.NEGATIVE_INFINITY) {
            lower = lower.maximum(range[0]);
        }
        if (range[1] < Float.POSITIVE_INFINITY) {
            upper = upper.minimum(range[1]);
        }
        return new NDList(lower, upper);
    }

    /**
     * The smallest and largest value an activation layer gives for any input (its outputs for
     * inputs of -Inf and +Inf: activations are non-decreasing); no bounds for other layers.
     */
    static float[] range(Block leaf, ParameterStore store, NDArray like) {
        float[] none = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        if (!(leaf instanceof ActivationBlock) && Activations.kindOf(leaf).isEmpty()) {
            return none;
        }
        try {
            float low = leaf.forward(store, new NDList(like.zerosLike().sub(Float.POSITIVE_INFINITY)), false)
                    .singletonOrThrow().min().getFloat();
            float high = leaf.forward(store, new NDList(like.zerosLike().add(Float.POSITIVE_INFINITY)), false)
                    .singletonOrThrow().max().getFloat();
            return low <= high ? new float[] {low, high} : none; // false for NaN
        } catch (RuntimeException e) {
            return none;
        }
    }

    /** Whether no output in the bounds for the box of {@code radii} (per value) around call {@code at}'s output changes a prediction. */
    private boolean certified(int at, NDArray radii) {
        float[][] bounds = bounds(at, radii);
        return shared.comparator.keepsPredictions(bounds[0], bounds[1], shared.tolerance);
    }

    /** Lower and upper bounds of the model's output for the box of {@code radii} (per value) around call {@code at}'s output. */
    private float[][] bounds(int at, NDArray radius) {
        NDList out = model.forward(ReplayEngine.tile(goldenInputs, 2), (call, layer, leaf, store, in) -> {
            if (call < at) {
                return ReplayEngine.tile(outputs[call], 2);
            }
            if (call == at) {
                return new NDList(NDArrays.concat(box(at, leaf, store, radius), 0));
            }
            return interval(leaf, store, in);
        });
        NDArray y = out.singletonOrThrow();
        if (y.getDataType() != DataType.FLOAT32 || y.size() != 2L * shared.golden.length) {
            throw new Uncertifiable();
        }
        long half = y.getShape().get(0) / 2;
        return new float[][] {y.get("0:" + half).toFloatArray(), y.get(half + ":").toFloatArray()};
    }

    /**
     * Whether the model's output at random points of the box of {@code radius} (and at its two
     * extreme corners) lies within the bounds computed for it: glue that is not monotone breaks
     * interval arithmetic and shows here.
     */
    private boolean contains(int at, NDArray radius) {
        float[][] bounds = bounds(at, radius);
        int groups = 4;
        NDList out = model.forward(ReplayEngine.tile(goldenInputs, groups), (call, layer, leaf, store, in) -> {
            if (call < at) {
                return ReplayEngine.tile(outputs[call], groups);
            }
            if (call == at) {
                NDList corners = box(at, leaf, store, radius);
                NDArray lower = corners.get(0);
                NDArray width = corners.get(1).sub(lower);
                Random random = new Random(at);
                NDList points = new NDList(corners);
                for (int p = 2; p < groups; p++) {
                    float[] noise = new float[(int) lower.size()];
                    for (int i = 0; i < noise.length; i++) {
                        noise[i] = random.nextFloat();
                    }
                    points.add(lower.add(lower.getManager().create(noise, lower.getShape()).mul(width)));
                }
                return new NDList(NDArrays.concat(points, 0));
            }
            return leaf.forward(store, in, false);
        });
        float[] values = out.singletonOrThrow().toFloatArray();
        int length = bounds[0].length;
        if (values.length != groups * length) {
            return false;
        }
        for (int p = 0; p < groups; p++) {
            for (int i = 0; i < length; i++) {
                float v = values[p * length + i];
                if (!(v >= bounds[0][i] - shared.tolerance && v <= bounds[1][i] + shared.tolerance)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code leaf} on stacked {@code [lower; upper]} rows. */
    private NDList interval(Block leaf, ParameterStore store, NDList in) {
        if (in.size() != 1) {
            throw new Uncertifiable();
        }
        NDArray x = in.head();
        if (isAffine(leaf)) {
            long half = x.getShape().get(0) / 2;
            NDArray lower = x.get("0:" + half);
            NDArray upper = x.get(half + ":");
            NDArray centre = lower.add(upper).div(2);
            NDArray radius = upper.sub(lower).div(2);
            NDArray c = leaf.forward(store, new NDList(centre), false).singletonOrThrow();
            // a sum of k products computed in float32 is off by at most about k * UNIT * sum |w x|
            // (the real network's rounding and this one's), with |x| <= |centre| + radius
            float gamma = (float) (1.01 * (sumLength(leaf) + 2) * UNIT);
            NDArray spread = radius.add(centre.abs().add(radius).mul(gamma));
            NDArray r = leaf.forward(absoluteStore(), new NDList(spread), false).singletonOrThrow();
            r = r.add(c.abs().mul((float) (2 * UNIT)));
            return new NDList(NDArrays.concat(new NDList(c.sub(r), c.add(r)), 0));
        }
        if (isMonotone(leaf)) {
            return leaf.forward(store, in, false);
        }
        throw new Uncertifiable();
    }

    private ParameterStore absoluteStore() {
        return new ParameterStore(goldenInputs.head().getManager(), false) {
            @Override
            public NDArray getValue(Parameter parameter, Device device, boolean training) {
                return absolute(parameter);
            }
        };
    }

    /** The parameter as the radius uses it: |weight|, |gamma|, the running variance, zero otherwise. */
    private NDArray absolute(Parameter parameter) {
        return shared.absolute.computeIfAbsent(parameter, p -> {
            NDArray value = p.getArray();
            NDArray a = switch (p.getType()) {
                case WEIGHT, GAMMA -> value.abs();
                case RUNNING_VAR -> value.duplicate();
                case BIAS, BETA, RUNNING_MEAN -> value.zerosLike();
                default -> throw new Uncertifiable();
            };
            a.attach(shared.keep);
            return a;
        });
    }

    /**
     * An upper bound of how many products one output value of an affine layer sums: the weight's
     * size over the smaller of its first two dimensions (input channels x kernel for a convolution,
     * whichever way round it stores them); a few operations for a batch norm.
     */
    private static long sumLength(Block leaf) {
        long longest = 4;
        for (ai.djl.util.Pair<String, Parameter> p : leaf.getParameters()) {
            NDArray w = p.getValue().getArray();
            if (p.getValue().getType() == Parameter.Type.WEIGHT && w != null && w.getShape().dimension() >= 2) {
                long[] dims = w.getShape().getShape();
                longest = Math.max(longest, w.size() / Math.max(1, Math.min(dims[0], dims[1])));
            }
        }
        return longest;
    }

    private static boolean isAffine(Block leaf) {
        return mixesChannels(leaf) || leaf instanceof BatchNorm;
    }

    /** Layers that map each value through a non-decreasing function of the values of its row. */
    private static boolean isMonotone(Block leaf) {
        if (leaf instanceof ActivationBlock || Activations.kindOf(leaf).isPresent() || leaf instanceof Dropout) {
            return true;
        }
        String name = Layers.lambdaName(leaf);
        return name.contains("pool") || name.equals("identity") || name.equals("batchflatten")
                || name.equals("flatten");
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** A layer or output interval arithmetic does not cover. */
    private static final class Uncertifiable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Uncertifiable() {
            super(null, null, false, false);
        }
    }
}
