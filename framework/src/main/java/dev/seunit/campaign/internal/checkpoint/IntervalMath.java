package dev.seunit.campaign.internal.checkpoint;

import java.util.Arrays;
import java.util.function.DoublePredicate;

/**
 * The arithmetic of certified radii, on plain arrays: the float32 rounding bound of an affine
 * layer's sums, the search over radii, and how per-prediction levels become radii per value.
 */
final class IntervalMath {

    /** Unit roundoff of float32. */
    static final double UNIT = 0x1p-24;
    /** Doublings of the uniform radius a prediction may get: its values may move up to 2^LEVELS times as far. */
    static final int LEVELS = 8;
    /** The smallest exponent (of 2, times the output's scale) a radius is searched at. */
    static final int LOWEST = -24;

    private IntervalMath() {
    }

    /**
     * The factor by which an affine layer's computed radius is widened for rounding: a sum of
     * {@code sumLength} products computed in float32 is off by at most about
     * {@code sumLength * UNIT * sum |w x|}, for the real network's rounding and this one's.
     */
    static float roundingFactor(long sumLength) {
        return (float) (1.01 * (sumLength + 2) * UNIT);
    }

    /**
     * The largest exponent e in [{@link #LOWEST}, 0] for which {@code certifiedAt} holds, found by
     * bisection over whole exponents and then refined by a half and a quarter, assuming that a
     * smaller radius is certified whenever a larger one is; NaN when none is.
     */
    static double largestCertifiedExponent(DoublePredicate certifiedAt) {
        double low = LOWEST - 1; // certified at 2^low (LOWEST - 1: none found yet), not at 2^high
        double high = 1;
        while (high - low > 1) {
            double mid = Math.floor((low + high) / 2);
            if (certifiedAt.test(mid)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        if (low < LOWEST) {
            return Double.NaN;
        }
        for (double step = 0.5; step > 0.2; step /= 2) {
            if (certifiedAt.test(low + step)) {
                low += step;
            }
        }
        return low;
    }

    /**
     * Radii for a value of shape {@code shape} from per-prediction {@code levels} laid out as
     * {@code grid}: for images ({@code grid} = rows x height x width, {@code shape} = rows x
     * channels x h x w) each pixel of the value gets {@code uniform * 2^level} with the smallest
     * level of the output pixels it maps onto, widened by {@code reach} pixels; anything else gives
     * each row the smallest level of its row (only for reach 1: null after). Null when the value
     * does not have one row per prediction row.
     */
    static float[] radiiOfLevels(long[] shape, long[] grid, int[] levels, int reach, float uniform) {
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

    /**
     * The smallest of {@code levels} (an image of {@code height} x {@code width} at {@code offset})
     * within {@code reach} of each pixel, both ways (a square neighbourhood).
     */
    static int[] erode(int[] levels, int offset, int height, int width, int reach) {
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

    /**
     * The reach a search for per-value radii starts from: half the output pixels per pixel of the
     * value (a convolution or two after it reach about that far at its resolution, so smaller
     * reaches rarely certify); 1 when the value or the predictions are not images.
     */
    static int firstReach(long[] shape, long[] grid) {
        return grid.length == 3 && shape.length == 4
                ? (int) Math.max(1, Integer.highestOneBit((int) Math.max(1, grid[1] / shape[2])) / 2) : 1;
    }
}
