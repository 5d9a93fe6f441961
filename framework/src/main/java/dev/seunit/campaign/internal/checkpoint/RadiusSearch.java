package dev.seunit.campaign.internal.checkpoint;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * The certified radius of a checkpoint's output values. First one radius for every value: the
 * largest {@code scale * 2^e} whose box keeps every prediction (bisection over e, one interval
 * forward each), kept only if the real network at points of the box stays within the bounds.
 * That radius is set by the few predictions closest to a decision boundary, so it then grows
 * where predictions have more room: each prediction gets the largest {@code r * 2^k} (k up to
 * {@link IntervalMath#LEVELS}) whose uniform box keeps it, each value the smallest level of the
 * predictions around its position ({@link IntervalMath#radiiOfLevels}), and that whole box is
 * certified again, with the neighbourhood doubled until it is.
 */
final class RadiusSearch {

    private static final float[] NO_RADII = {};

    private final CheckpointContext context;
    private final IntervalBounds intervals;
    private final NDList[] outputs;

    RadiusSearch(CheckpointContext context, IntervalBounds intervals, NDList[] outputs) {
        this.context = context;
        this.intervals = intervals;
        this.outputs = outputs;
    }

    /** The uniform certified radius of call {@code at}'s output; 0 for none (or a network interval arithmetic does not cover). */
    float uniform(int at) {
        try {
            NDArray g = outputs[at].head();
            if (outputs[at].size() != 1 || g.getDataType() != DataType.FLOAT32) {
                return 0f;
            }
            float scale = Math.max(g.abs().max().getFloat(), Float.MIN_NORMAL);
            double e = IntervalMath.largestCertifiedExponent(x -> certified(at, uniformRadii(at, scale * (float) Math.pow(2, x))));
            if (Double.isNaN(e)) {
                return 0f;
            }
            float radius = scale * (float) Math.pow(2, e);
            return intervals.contains(at, uniformRadii(at, radius)) ? radius : 0f;
        } catch (RuntimeException e) {
            return 0f;
        }
    }

    /**
     * Radii for each value of call {@code at}'s output, at least {@code uniform}, certified as a
     * whole; empty without a uniform radius.
     */
    float[] spread(int at, float uniform) {
        if (uniform <= 0) {
            return NO_RADII;
        }
        try {
            NDArray g = outputs[at].head();
            int[] levels = levels(at, uniform);
            if (levels != null && Arrays.stream(levels).anyMatch(l -> l > 0)) {
                long[] shape = g.getShape().getShape();
                long[] grid = context.comparator.predictionShape();
                long widest = grid.length == 3 ? Math.max(grid[1], grid[2]) : 1;
                for (int reach = IntervalMath.firstReach(shape, grid); reach <= widest; reach *= 2) {
                    float[] radii = IntervalMath.radiiOfLevels(shape, grid, levels, reach, uniform);
                    if (radii == null) {
                        break;
                    }
                    NDArray box = g.getManager().create(radii, g.getShape());
                    if (certified(at, box) && intervals.contains(at, box)) {
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
        int[] levels = new int[context.comparator.goldenPredictions().length];
        boolean rising = true;
        for (int k = 1; k <= IntervalMath.LEVELS && rising; k++) {
            float[][] bounds = intervals.bounds(at, uniformRadii(at, Math.scalb(uniform, k)));
            boolean[] kept = context.comparator.keptPredictions(bounds[0], bounds[1], context.tolerance);
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

    /** Whether no output in the bounds for the box of {@code radii} (per value) around call {@code at}'s output changes a prediction. */
    private boolean certified(int at, NDArray radii) {
        float[][] bounds = intervals.bounds(at, radii);
        return context.comparator.keepsPredictions(bounds[0], bounds[1], context.tolerance);
    }

    /** The same radius for every value of call {@code at}'s output. */
    private NDArray uniformRadii(int at, float radius) {
        return outputs[at].head().zerosLike().add(radius);
    }
}
