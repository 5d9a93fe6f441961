package dev.seunit.examples.fashion;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import dev.seunit.examples.TrainingMains;
import dev.seunit.transform.ActivationKind;

/**
 * Trains the Fashion-MNIST CNNs ({@link FashionCnn}) with DJL on the CPU from Debian's
 * {@code dataset-fashion-mnist} package, one per activation, and writes into the examples'
 * resources their weights ({@code fashion-cnn-<activation>.params}), their accuracy
 * ({@code fashion-cnn-metrics.txt}) and the shipped test subset (the first 300 test images and
 * labels, gzipped IDX).
 *
 * <pre>
 * apt-get install dataset-fashion-mnist
 * mvn -B -q -pl framework,annotations,reports,examples compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp examples/target/classes:$(cat examples/target/cp.txt) dev.seunit.examples.fashion.TrainFashionCnn
 * </pre>
 *
 * Arguments: activations (default RELU SIGMOID HARD_SIGMOID). System properties: {@code epochs}
 * (default 3), {@code out} (default {@code examples/src/main/resources/dev/seunit/examples/fashion}).
 * About 1 minute per activation on one core.
 */
public final class TrainFashionCnn {

    static final int BATCH = 64;

    private TrainFashionCnn() {
    }

    public static void main(String[] args) throws IOException {
        TrainingMains.offlineOneThread();
        List<ActivationKind> kinds = TrainingMains.activations(args, FashionCnn.TRAINED);
        Path out = TrainingMains.outputDirectory("fashion");
        int epochs = Integer.getInteger("epochs", 3);
        FashionMnist.Raw train = FashionMnist.readDebian("train");
        FashionMnist.Raw test = FashionMnist.readDebian("t10k");
        writeSubset(test, out);
        List<String> lines = new ArrayList<>();
        lines.add("# Fashion-MNIST CNNs of dev.seunit.examples.fashion, written by TrainFashionCnn: top-1 accuracy on the "
                + "10,000 test images and on the 300 shipped ones");
        for (ActivationKind kind : kinds) {
            lines.add(train(kind, epochs, train, test, out));
        }
        Files.write(out.resolve("fashion-cnn-metrics.txt"), lines);
    }

    /** The first {@link FashionMnist#SHIPPED} test images and labels as gzipped IDX files (deterministic bytes). */
    static void writeSubset(FashionMnist.Raw test, Path out) throws IOException {
        int n = FashionMnist.SHIPPED;
        int pixels = FashionMnist.SIZE * FashionMnist.SIZE;
        ByteBuffer images = ByteBuffer.allocate(16 + n * pixels).putInt(0x803).putInt(n).putInt(FashionMnist.SIZE)
                .putInt(FashionMnist.SIZE).put(test.pixels(), 0, n * pixels);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n).put(test.labels(), 0, n);
        gzip(images.array(), out.resolve(Paths.get(FashionMnist.IMAGES_RESOURCE).getFileName()));
        gzip(labels.array(), out.resolve(Paths.get(FashionMnist.LABELS_RESOURCE).getFileName()));
    }

    private static void gzip(byte[] bytes, Path file) throws IOException {
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(file))) {
            os.write(bytes);
        }
    }

    static String train(ActivationKind kind, int epochs, FashionMnist.Raw train, FashionMnist.Raw test, Path out)
            throws IOException {
        Engine.getInstance().setRandomSeed(11);
        long start = System.nanoTime();
        int n = train.labels().length;
        int steps = epochs * (n / BATCH);
        float lr = kind == ActivationKind.SIGMOID ? 0.01f : 0.003f;
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("fashion-" + kind, "PyTorch")) {
            SequentialBlock cnn = FashionCnn.build(kind);
            model.setBlock(cnn);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.cosine().setBaseValue(lr)
                            .optFinalValue(lr * 0.05f).setMaxUpdates(steps).build()).build());
            FashionMnist.Data all = train.toNd(manager, n);
            FashionMnist.Data testSet = test.toNd(manager, test.labels().length);
            FashionMnist.Data shipped = test.toNd(manager, FashionMnist.SHIPPED);
            SplittableRandom random = new SplittableRandom(11);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 1, FashionMnist.SIZE, FashionMnist.SIZE));
                for (int epoch = 0; epoch < epochs; epoch++) {
                    int[] order = shuffled(n, random);
                    double lossSum = 0;
                    for (int b = 0; b + BATCH <= n; b += BATCH) {
                        try (NDManager step = manager.newSubManager()) {
                            NDArray index = step.create(Arrays.copyOfRange(order, b, b + BATCH));
                            NDArray x = all.images().get(index);
                            NDArray y = all.labels().get(index);
                            step.tempAttachAll(x, y); // freed with the step, not kept by the data set's manager
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray logits = trainer.forward(new NDList(x)).head();
                                NDArray l = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits));
                                lossSum += l.getFloat();
                                collector.backward(l);
                            }
                            trainer.step();
                        }
                    }
                    System.out.printf(Locale.ROOT, "%s epoch %d/%d loss %.4f test accuracy %.4f%n", kind, epoch + 1, epochs,
                            lossSum / (n / BATCH), accuracy(cnn, testSet));
                }
            }
            Path file = out.resolve("fashion-cnn-" + FashionCnn.stem(kind) + ".params");
            try (OutputStream os = Files.newOutputStream(file);
                    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(os))) {
                cnn.saveParameters(data);
            }
            String line = String.format(Locale.ROOT, "%s testAccuracy=%.4f shippedAccuracy=%.4f epochs=%d lr=%s "
                    + "trainImages=%d trainSeconds=%.0f", kind, accuracy(cnn, testSet), FashionCnn.accuracy(cnn, shipped),
                    epochs, lr, n, (System.nanoTime() - start) / 1e9);
            System.out.println(line + "  -> " + file + " (" + Files.size(file) + " bytes)");
            return line;
        }
    }

    private static double accuracy(SequentialBlock cnn, FashionMnist.Data data) {
        int n = data.size();
        double right = 0;
        for (int b = 0; b < n; b += 1000) {
            int e = Math.min(n, b + 1000);
            try (NDManager scope = data.images().getManager().newSubManager()) {
                NDArray x = data.images().get(b + ":" + e);
                NDArray y = data.labels().get(b + ":" + e);
                scope.tempAttachAll(x, y);
                right += FashionCnn.accuracy(cnn, new FashionMnist.Data(x, y)) * (e - b);
            }
        }
        return right / n;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
