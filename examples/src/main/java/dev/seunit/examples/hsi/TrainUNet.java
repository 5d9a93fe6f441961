package dev.seunit.examples.hsi;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.nn.Block;

import dev.seunit.campaign.SegmentationMetrics;
import dev.seunit.examples.TrainingMains;
import dev.seunit.transform.ActivationKind;

/**
 * Trains the study's U-Nets on synthetic scenes, one per activation, on the CPU, and writes
 * their weights ({@code unet-<activation>.params}, DJL's parameter format) and the metrics they
 * reach on the held-out scenes ({@code unet-metrics.txt}) into the examples' resources.
 *
 * <pre>
 * mvn -B -q -o -pl framework,annotations,examples compile
 * mvn -B -q -o -pl examples dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Dai.djl.offline=true -cp examples/target/classes:framework/target/classes:$(cat examples/target/cp.txt) \
 *     dev.seunit.examples.hsi.TrainUNet [activation ...]
 * </pre>
 *
 * Arguments: activations to train (default RELU SIGMOID HARD_SIGMOID). System properties:
 * {@code epochs} (default 60; per activation {@code epochs.sigmoid}), {@code lr.<activation>}, {@code out} (default {@code examples/src/main/resources/dev/seunit/examples/hsi}).
 */
public final class TrainUNet {

    static final int SCENES_PER_EPOCH = 256;
    static final int BATCH = 16;
    static final int HELD_OUT = 64;

    private TrainUNet() {
    }

    public static void main(String[] args) throws IOException {
        TrainingMains.offlineOneThread();
        List<ActivationKind> kinds = TrainingMains.activations(args, UNetModels.TRAINED);
        Path out = TrainingMains.outputDirectory("hsi");
        int defaultEpochs = Integer.getInteger("epochs", 60);
        List<String> lines = new ArrayList<>();
        for (ActivationKind kind : kinds) {
            int epochs = Integer.getInteger("epochs." + kind.name().toLowerCase(Locale.ROOT), defaultEpochs);
            float lr = Float.parseFloat(System.getProperty("lr." + kind.name().toLowerCase(Locale.ROOT),
                    kind == ActivationKind.SIGMOID ? "0.02" : "0.01"));
            lines.add(train(kind, epochs, lr, out));
        }
        Path metrics = out.resolve("unet-metrics.txt");
        List<String> all = new ArrayList<>();
        if (Files.exists(metrics)) {
            for (String line : Files.readAllLines(metrics)) {
                boolean replaced = kinds.stream().anyMatch(k -> line.startsWith(k.name() + " "));
                if (!replaced) {
                    all.add(line);
                }
            }
        }
        if (all.isEmpty()) {
            all.add("# U-Nets of dev.seunit.examples.hsi on " + HELD_OUT + " held-out synthetic scenes (seed "
                    + HsiScenes.TEST_SEED + "); written by TrainUNet");
        }
        all.addAll(lines);
        Files.write(metrics, all);
        System.out.println("wrote " + metrics.toAbsolutePath());
    }


    /**
     * Retrains {@code unet} (e.g. a pruned variant, as a {@code VariantFactory.fineTune} callback)
     * in place: {@code scenes} fresh training scenes drawn with {@code seed}, in batches of 16,
     * Adam at learning rate {@code lr}. Deterministic for a given block, seed and thread count.
     */
    public static void fineTune(Block unet, int scenes, float lr, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss("pixel-xent", 1, -1, true, true);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build());
        try (Model model = Model.newInstance("unet-fine-tune", "PyTorch");
                NDManager manager = NDManager.newBaseManager("PyTorch")) {
            model.setBlock(unet); // already initialized: the trainer keeps its weights
            try (Trainer trainer = model.newTrainer(config)) {
                HsiScenes.Scenes train = HsiScenes.generate(manager, scenes, HsiScenes.TRAINING_SEED + 1000 + seed,
                        HsiScenes.SIZE);
                NDArray labels = train.labels().toType(DataType.INT64, false);
                for (int b = 0; b < scenes; b += BATCH) {
                    try (NDManager step = manager.newSubManager()) {
                        NDIndex range = new NDIndex("{}:{}", b, Math.min(scenes, b + BATCH));
                        NDArray x = train.inputs().get(range);
                        NDArray y = labels.get(range);
                        step.tempAttachAll(x, y);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x)).head();
                            NDArray pixels = logits.transpose(0, 2, 3, 1).reshape(-1, HsiScenes.CLASSES);
                            collector.backward(loss.evaluate(new NDList(y.reshape(-1)), new NDList(pixels)));
                        }
                        trainer.step();
                    }
                }
            }
        }
    }

    static String train(ActivationKind kind, int epochs, float lr, Path out) throws IOException {
        Engine.getInstance().setRandomSeed(7);
        long start = System.nanoTime();
        int steps = epochs * SCENES_PER_EPOCH / BATCH;
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("unet-" + kind, "PyTorch")) {
            UNet unet = UNet.build(kind);
            model.setBlock(unet);
            SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss("pixel-xent", 1, -1, true, true);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.cosine().setBaseValue(lr)
                            .optFinalValue(lr * 0.02f).setMaxUpdates(steps).build()).build());
            HsiScenes.Scenes heldOut = HsiScenes.generate(manager, HELD_OUT, HsiScenes.TEST_SEED, HsiScenes.SIZE);
            SegmentationMetrics metrics = null;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, HsiScenes.BANDS, HsiScenes.SIZE, HsiScenes.SIZE));
                for (int epoch = 0; epoch < epochs; epoch++) {
                    long epochStart = System.nanoTime();
                    double lossSum = 0;
                    try (NDManager scope = manager.newSubManager()) {
                        // fresh scenes every epoch: the networks never see the same scene twice
                        HsiScenes.Scenes train = HsiScenes.generate(scope, SCENES_PER_EPOCH,
                                HsiScenes.TRAINING_SEED + epoch, HsiScenes.SIZE);
                        NDArray labels = train.labels().toType(DataType.INT64, false);
                        for (int b = 0; b < SCENES_PER_EPOCH; b += BATCH) {
                            try (NDManager step = scope.newSubManager()) {
                                NDIndex range = new NDIndex("{}:{}", b, b + BATCH);
                                NDArray x = train.inputs().get(range);
                                NDArray y = labels.get(range);
                                step.tempAttachAll(x, y);
                                try (GradientCollector collector = trainer.newGradientCollector()) {
                                    NDArray logits = trainer.forward(new NDList(x)).head();
                                    NDArray pixels = logits.transpose(0, 2, 3, 1).reshape(-1, HsiScenes.CLASSES);
                                    NDArray l = loss.evaluate(new NDList(y.reshape(-1)), new NDList(pixels));
                                    lossSum += l.getFloat();
                                    collector.backward(l);
                                }
                                trainer.step();
                            }
                        }
                    }
                    boolean last = epoch == epochs - 1;
                    if (last || epoch % 5 == 4 || epoch == 0) {
                        metrics = UNetModels.evaluate(unet, heldOut);
                    }
                    System.out.printf(Locale.ROOT, "%s epoch %d/%d loss %.4f (%.1f s)%s%n", kind, epoch + 1, epochs,
                            lossSum / (SCENES_PER_EPOCH / BATCH), (System.nanoTime() - epochStart) / 1e9,
                            last || epoch % 5 == 4 || epoch == 0 ? String.format(Locale.ROOT,
                                    "  held-out global IoU %.4f weighted IoU %.4f", metrics.globalIou(),
                                    metrics.weightedIou()) : "");
                }
            }
            Path file = out.resolve("unet-" + UNetModels.fileStem(kind) + ".params");
            try (OutputStream os = Files.newOutputStream(file);
                    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(os))) {
                unet.saveParameters(data);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long parameters = unet.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            String line = String.format(Locale.ROOT,
                    "%s globalIoU=%.4f weightedIoU=%.4f pixelAccuracy=%.4f perClassIoU=%s epochs=%d lr=%s "
                            + "scenesPerEpoch=%d parameters=%d trainSeconds=%.0f",
                    kind, metrics.globalIou(), metrics.weightedIou(), metrics.pixelAccuracy(),
                    Arrays.toString(Arrays.stream(metrics.perClassIou())
                            .mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).toArray()),
                    epochs, lr, SCENES_PER_EPOCH, parameters, seconds);
            System.out.println(line + "  -> " + file + " (" + Files.size(file) + " bytes)");
            return line;
        }
    }
}
