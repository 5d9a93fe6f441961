package dev.seunit.examples.hsi;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Synthetic hyperspectral driving scenes, a stand-in for HSI-Drive v2.0: 25 bands from 600 to
 * 975 nm, six classes, one label per pixel. See the package documentation for the spectra and
 * the layout. Everything is drawn from a {@link SplittableRandom} seeded by the caller, so the
 * same seed gives bit-identical scenes.
 */
public final class HsiScenes {

    /** Spectral bands. */
    public static final int BANDS = 25;
    /** Classes: see {@link #CLASS_NAMES}. */
    public static final int CLASSES = 6;
    /** Scene side used by the study (pixels). */
    public static final int SIZE = 32;

    public static final int ROAD = 0;
    public static final int ROAD_MARKING = 1;
    public static final int VEGETATION = 2;
    public static final int PAINTED_METAL = 3;
    public static final int SKY = 4;
    public static final int BACKGROUND = 5;
    public static final String[] CLASS_NAMES = {"road", "road marking", "vegetation", "painted metal", "sky",
        "background"};

    /** Seed of the scenes the shipped networks were trained on (one fresh set per epoch: seed + epoch). */
    public static final long TRAINING_SEED = 20_241_203L;
    /** Seed of the held-out scenes: never used in training. */
    public static final long TEST_SEED = 3_682L;

    /** Standard deviation of the per-pixel, per-band Gaussian noise. */
    static final double NOISE = 0.05;

    private static final double[] WAVELENGTHS = new double[BANDS];

    static {
        for (int b = 0; b < BANDS; b++) {
            WAVELENGTHS[b] = 600 + b * (975.0 - 600) / (BANDS - 1);
        }
    }

    /** Scenes as arrays: {@code inputs} (N, 25, H, W) float32 and {@code labels} (N, H, W) int32. */
    public record Scenes(NDArray inputs, NDArray labels) {

        public NDList asList() {
            return new NDList(inputs, labels);
        }

        public int count() {
            return (int) inputs.getShape().get(0);
        }
    }

    private HsiScenes() {
    }

    /** Centre wavelength of band {@code b}, in nm. */
    public static double wavelength(int b) {
        return WAVELENGTHS[b];
    }

    /** The held-out scenes of the study: {@code count} scenes of {@link #SIZE} pixels from {@link #TEST_SEED}. */
    public static Scenes heldOut(NDManager manager, int count) {
        return generate(manager, count, TEST_SEED, SIZE);
    }

    /**
     * {@code count} scenes of {@code size} x {@code size} pixels drawn from {@code seed}; the
     * arrays are attached to {@code manager}.
     */
    public static Scenes generate(NDManager manager, int count, long seed, int size) {
        if (count < 1 || size < 16) {
            throw new IllegalArgumentException("need at least one scene of at least 16x16 pixels; got " + count
                    + " scenes of " + size);
        }
        int pixels = size * size;
        float[] data = new float[count * BANDS * pixels];
        int[] labels = new int[count * pixels];
        SplittableRandom root = new SplittableRandom(seed);
        for (int n = 0; n < count; n++) {
            SplittableRandom random = root.split(); // scene n does not depend on how many follow it
            scene(random, size, data, n * BANDS * pixels, labels, n * pixels);
        }
        NDArray x = manager.create(data, new Shape(count, BANDS, size, size));
        NDArray y = manager.create(labels, new Shape(count, size, size));
        return new Scenes(x, y);
    }

    /** Reflectance of a material, before illumination and noise. */
    static double[] spectrum(int material, SplittableRandom random) {
        double[] s = new double[BANDS];
        switch (material) {
            case ROAD -> {
                // asphalt: flat, dark, rising slightly towards the NIR
                double base = 0.08 + 0.02 * random.nextDouble();
                for (int b = 0; b < BANDS; b++) {
                    s[b] = base + 0.04 * (WAVELENGTHS[b] - 600) / 375;
                }
            }
            case ROAD_MARKING -> {
                double base = 0.55 + 0.05 * random.nextDouble();
                for (int b = 0; b < BANDS; b++) {
                    s[b] = base + 0.01 * (WAVELENGTHS[b] - 600) / 375;
                }
            }
            case VEGETATION -> {
                // chlorophyll absorption in the red, red edge near 700-720 nm, NIR plateau
                double edge = 712 + 8 * random.nextDouble();
                double plateau = 0.40 + 0.10 * random.nextDouble();
                for (int b = 0; b < BANDS; b++) {
                    double l = WAVELENGTHS[b];
                    double red = 0.07 - 0.03 * Math.exp(-Math.pow((l - 670) / 25, 2));
                    s[b] = red + (plateau - red) / (1 + Math.exp(-(l - edge) / 12));
                }
            }
            case PAINTED_METAL -> {
                // a colour peak (red to orange paint) and a moderate flat NIR
                double peak = 600 + 70 * random.nextDouble();
                double height = 0.30 + 0.20 * random.nextDouble();
                double nir = 0.22 + 0.06 * random.nextDouble();
                for (int b = 0; b < BANDS; b++) {
                    double l = WAVELENGTHS[b];
                    s[b] = 0.06 + height * Math.exp(-Math.pow((l - peak) / 35, 2)) + nir / (1 + Math.exp(-(l - 760) / 20));
                }
            }
            case SKY -> {
                // bright, falling with wavelength (scattering ~ lambda^-4)
                double base = 0.25 + 0.05 * random.nextDouble();
                for (int b = 0; b < BANDS; b++) {
                    s[b] = base + 0.65 * Math.pow(600 / WAVELENGTHS[b], 4);
                }
            }
            case BACKGROUND -> {
                // grey concrete and buildings with a little vegetation mixed in
                double grey = 0.22 + 0.10 * random.nextDouble();
                double green = 0.35 * random.nextDouble();
                for (int b = 0; b < BANDS; b++) {
                    double l = WAVELENGTHS[b];
                    double veg = 0.06 + 0.39 / (1 + Math.exp(-(l - 715) / 12));
                    s[b] = (1 - green) * (grey + 0.02 * (l - 600) / 375) + green * veg;
                }
            }
            default -> throw new IllegalArgumentException("no material " + material);
        }
        return s;
    }

    private static void scene(SplittableRandom random, int size, float[] data, int dataOffset, int[] labels,
            int labelOffset) {
        int[] label = layout(random, size);
        int pixels = size * size;
        // one spectrum per material and scene (objects of one class look alike), one per vehicle
        double[][] spectra = new double[CLASSES][];
        for (int c = 0; c < CLASSES; c++) {
            spectra[c] = spectrum(c, random);
        }
        double illumination = 0.7 + 0.6 * random.nextDouble();
        double[][] vehicleSpectra = {spectrum(PAINTED_METAL, random), spectrum(PAINTED_METAL, random)};
        // a shadow (a building's or a tree's) over a random rectangle: half the light
        int sx0 = random.nextInt(size);
        int sy0 = random.nextInt(size);
        int sx1 = sx0 + 4 + random.nextInt(size / 2);
        int sy1 = sy0 + 4 + random.nextInt(size / 2);
        double shadow = 0.45 + 0.25 * random.nextDouble();
        for (int p = 0; p < pixels; p++) {
            int px = p % size;
            int py = p / size;
            double light = px >= sx0 && px < sx1 && py >= sy0 && py < sy1 ? illumination * shadow : illumination;
            int c = label[p];
            double[] s = c >= 100 ? vehicleSpectra[c - 100] : spectra[c];
            int cls = c >= 100 ? PAINTED_METAL : c;
            labels[labelOffset + p] = cls;
            double texture = 1 + 0.10 * random.nextGaussian(); // per-pixel brightness texture
            for (int b = 0; b < BANDS; b++) {
                double v = light * texture * s[b] + NOISE * random.nextGaussian();
                data[dataOffset + b * pixels + p] = (float) v;
            }
        }
    }

    /** Per-pixel material: a class, or 100 + vehicle index for painted metal. */
    private static int[] layout(SplittableRandom random, int size) {
        int[] label = new int[size * size];
        double horizon = size * (0.35 + 0.10 * random.nextDouble());
        double vanishX = size * (0.4 + 0.2 * random.nextDouble());
        double roadHalfWidth = size * (0.45 + 0.20 * random.nextDouble()); // at the bottom row
        // skyline: blocks of buildings and trees above the horizon
        double[] skyline = new double[size];
        int x0 = 0;
        while (x0 < size) {
            int w = 3 + random.nextInt(6);
            double height = size * 0.22 * random.nextDouble();
            boolean trees = random.nextInt(3) == 0;
            for (int x = x0; x < Math.min(size, x0 + w); x++) {
                skyline[x] = trees ? -height : height; // negative: trees (vegetation)
            }
            x0 += w;
        }
        double dashPhase = random.nextDouble() * 2;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double cx = x + 0.5;
                double cy = y + 0.5;
                int c;
                if (cy < horizon) {
                    double h = Math.abs(skyline[x]);
                    c = cy < horizon - h ? SKY : skyline[x] < 0 ? VEGETATION : BACKGROUND;
                } else {
                    double t = (cy - horizon) / (size - horizon); // 0 at the horizon, 1 at the bottom
                    double half = 0.5 + t * roadHalfWidth;
                    double dx = Math.abs(cx - vanishX);
                    if (dx > half) {
                        c = VEGETATION;
                    } else if (dx > half - Math.max(0.6, 0.08 * half)) {
                        c = ROAD_MARKING; // edge lines
                    } else if (dx < Math.max(0.5, 0.04 * half) && ((int) Math.floor(Math.log1p(4 * t) * 4 + dashPhase)) % 2 == 0) {
                        c = ROAD_MARKING; // dashed centre line
                    } else {
                        c = ROAD;
                    }
                }
                label[y * size + x] = c;
            }
        }
        int vehicles = random.nextInt(3);
        for (int v = 0; v < vehicles; v++) {
            double t = 0.25 + 0.6 * random.nextDouble();
            double bottom = horizon + t * (size - horizon);
            double half = 0.5 + t * roadHalfWidth;
            double width = Math.max(2, half * (0.35 + 0.2 * random.nextDouble()));
            double height = Math.max(2, width * (0.6 + 0.3 * random.nextDouble()));
            double centre = vanishX + (random.nextDouble() * 2 - 1) * (half - width / 2) * 0.8;
            for (int y = (int) Math.floor(bottom - height); y < Math.min(size, (int) Math.ceil(bottom)); y++) {
                for (int x = (int) Math.floor(centre - width / 2); x < (int) Math.ceil(centre + width / 2); x++) {
                    if (y >= 0 && x >= 0 && x < size) {
                        label[y * size + x] = 100 + v;
                    }
                }
            }
        }
        return label;
    }
}
