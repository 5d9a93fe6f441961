package dev.seunit.testing;

import java.util.Random;
import java.util.function.Supplier;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

/**
 * A small CNN for transformation tests and a seeded synthetic task it can learn in about a
 * second: 8x8 images with a noisy horizontal bar (class 0), vertical bar (1) or diagonal (2).
 *
 * <pre>
 * 01Conv2d 3x3 pad 1 (1 -> 8)  02BatchNorm  03 activation  04 maxPool 2x2
 * 05Conv2d 3x3 pad 1 (8 -> 16) 06BatchNorm  07 activation  08 batchFlatten  09Linear (256 -> 3)
 * </pre>
 */
public final class TransformNets {

    public static final int CLASSES = 3;
    public static final int SIDE = 8;

    private TransformNets() {
    }

    public static SequentialBlock cnn(Supplier<Block> activation) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(activation.get())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(16).build())
                .add(BatchNorm.builder().build())
                .add(activation.get())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    /** {@link #cnn} initialized for batches of {@code batch} with seeded weights; BN gammas in [1, 1.5). */
    public static SequentialBlock seededCnn(NDManager manager, Supplier<Block> activation, int batch, long seed) {
        SequentialBlock net = cnn(activation);
        setWeights(net, manager, new Shape(batch, 1, SIDE, SIDE), seed);
        return net;
    }

    /**
     * Initializes {@code net} for {@code input} and sets seeded values: weights ~ N(0, 0.4),
     * batch-norm gammas in [1, 1.5) (one MSB flip from Inf/NaN), variances in [0.5, 1.5), the rest ~ N(0, 0.1).
     */
    public static void setWeights(Block net, NDManager manager, Shape input, long seed) {
        net.initialize(manager, DataType.FLOAT32, input);
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray array = p.getValue().getArray();
            float[] v = new float[(int) array.size()];
            String name = p.getKey();
            for (int i = 0; i < v.length; i++) {
                if (name.endsWith("gamma")) {
                    v[i] = 1f + 0.5f * random.nextFloat();
                } else if (name.endsWith("runningVar")) {
                    v[i] = 0.5f + random.nextFloat();
                } else if (name.endsWith("weight")) {
                    v[i] = (float) (random.nextGaussian() * 0.4);
                } else {
                    v[i] = (float) (random.nextGaussian() * 0.1);
                }
            }
            array.set(v);
        }
    }

    /** Images and labels of the synthetic task. */
    public record Data(NDArray x, NDArray y) {
        public int size() {
            return (int) y.size();
        }
    }

    public static Data data(NDManager manager, int n, long seed) {
        return data(manager, n, seed, 0.25);
    }

    /** {@code n} images with Gaussian pixel noise of standard deviation {@code noise} (0.25: easy; 1: hard). */
    public static Data data(NDManager manager, int n, long seed, double noise) {
        Random random = new Random(seed);
        float[] x = new float[n * SIDE * SIDE];
        float[] y = new float[n];
        for (int s = 0; s < n; s++) {
            int label = random.nextInt(CLASSES);
            int at = 1 + random.nextInt(SIDE - 2);
            y[s] = label;
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    boolean on = label == 0 ? r == at : label == 1 ? c == at : (r + c) % SIDE == at;
                    x[s * SIDE * SIDE + r * SIDE + c] = (on ? 1f : 0f) + (float) (random.nextGaussian() * noise);
                }
            }
        }
        return new Data(manager.create(x, new Shape(n, 1, SIDE, SIDE)), manager.create(y));
    }

    /** Trains {@code net} (initialized) with Adam for {@code epochs} over {@code data} in batches of 32. */
    public static void train(Block net, Data data, int epochs, float learningRate) {
        int batch = 32;
        try (Model model = Model.newInstance("train", "PyTorch")) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, 1, SIDE, SIDE));
                for (int e = 0; e < epochs; e++) {
                    for (int start = 0; start + batch <= data.size(); start += batch) {
                        try (NDManager scope = trainer.getManager().newSubManager()) {
                            NDArray xb = data.x().get(start + ":" + (start + batch));
                            NDArray yb = data.y().get(start + ":" + (start + batch));
                            xb.attach(scope);
                            yb.attach(scope);
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray prediction = trainer.forward(new NDList(xb)).head();
                                NDArray loss = trainer.getLoss().evaluate(new NDList(yb), new NDList(prediction));
                                collector.backward(loss);
                            }
                            trainer.step();
                        }
                    }
                }
            }
        }
    }
}
