package dev.seunit.examples.fashion;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 28x28 grey images of ten kinds of clothing, in
 * the original IDX files. The full set comes from Debian's {@code dataset-fashion-mnist} package
 * ({@link #DEBIAN_DIR}); the examples ship only the first {@link #SHIPPED} test images and labels
 * ({@code fashion-mnist-test-300-*.gz}, class-path resources next to this class, made by
 * {@link TrainFashionCnn}), so the tests run on a fresh machine.
 */
public final class FashionMnist {

    /** Where {@code apt-get install dataset-fashion-mnist} puts the IDX files. */
    public static final Path DEBIAN_DIR = Paths.get("/usr/share/datasets/fashion-mnist");
    /** Test images shipped with the examples. */
    public static final int SHIPPED = 300;
    public static final int SIZE = 28;
    public static final int CLASSES = 10;
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Ankle boot"};

    static final String IMAGES_RESOURCE = "dev/seunit/examples/fashion/fashion-mnist-test-300-images-idx3-ubyte.gz";
    static final String LABELS_RESOURCE = "dev/seunit/examples/fashion/fashion-mnist-test-300-labels-idx1-ubyte.gz";

    private FashionMnist() {
    }

    /** Images (N, 1, 28, 28) scaled to [0, 1] and labels (N) as int32. */
    public record Data(NDArray images, NDArray labels) {

        public int size() {
            return (int) labels.size();
        }
    }

    /** Raw pixels (N * 784, row-major) and labels of an IDX pair. */
    record Raw(byte[] pixels, byte[] labels) {

        Data toNd(NDManager manager, int count) {
            int n = Math.min(count, labels.length);
            float[] x = new float[n * SIZE * SIZE];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] & 0xff) / 255f;
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels[i];
            }
            return new Data(manager.create(x, new Shape(n, 1, SIZE, SIZE)), manager.create(y));
        }
    }

    /** The first {@code count} (at most {@link #SHIPPED}) shipped test images. */
    /** The share of {@code data}'s images whose largest logit (N, 10) is their label. */
    public static double accuracy(ai.djl.ndarray.NDArray logits, Data data) {
        int[] predicted = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
        int[] labels = data.labels().toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    public static Data shippedTest(NDManager manager, int count) {
        return readShipped().toNd(manager, count);
    }

    static Raw readShipped() {
        try (InputStream images = resource(IMAGES_RESOURCE); InputStream labels = resource(LABELS_RESOURCE)) {
            return read(images, labels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped Fashion-MNIST subset", e);
        }
    }

    /** The full training ({@code train}) or test ({@code t10k}) set from Debian's package. */
    static Raw readDebian(String set) {
        Path images = DEBIAN_DIR.resolve(set + "-images-idx3-ubyte.gz");
        Path labels = DEBIAN_DIR.resolve(set + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new IllegalStateException("Fashion-MNIST is not in " + DEBIAN_DIR + ": apt-get install "
                    + "dataset-fashion-mnist (Debian), or copy the four IDX .gz files of "
                    + "https://github.com/zalandoresearch/fashion-mnist there");
        }
        try (InputStream i = Files.newInputStream(images); InputStream l = Files.newInputStream(labels)) {
            return read(i, l);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + images, e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = FashionMnist.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("class-path resource " + name + " is missing (made by TrainFashionCnn)");
        }
        return in;
    }

    private static Raw read(InputStream imagesGz, InputStream labelsGz) throws IOException {
        byte[] pixels;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(imagesGz)))) {
            int magic = in.readInt();
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (magic != 0x803 || rows != SIZE || cols != SIZE) {
                throw new IOException("not an IDX file of 28x28 images (magic " + Integer.toHexString(magic) + ")");
            }
            pixels = in.readNBytes(n * SIZE * SIZE);
        }
        byte[] labels;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(labelsGz)))) {
            int magic = in.readInt();
            int n = in.readInt();
            if (magic != 0x801) {
                throw new IOException("not an IDX label file (magic " + Integer.toHexString(magic) + ")");
            }
            labels = in.readNBytes(n);
        }
        return new Raw(pixels, labels);
    }
}
