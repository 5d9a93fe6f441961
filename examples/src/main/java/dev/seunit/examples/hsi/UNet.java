package dev.seunit.examples.hsi;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import dev.seunit.model.LayerCalls;
import dev.seunit.model.TraceableBlock;
import dev.seunit.transform.ActivationKind;
import dev.seunit.model.RebuildableBlock;

/**
 * A small five-level U-Net for hyperspectral segmentation, after the encoder-decoder of the
 * reference study (arXiv 2412.03682): every level is conv 3x3 + batch norm + activation;
 * max pooling between encoder levels (32 -> 16 -> 8 -> 4 -> 2), a transposed 2x2 convolution
 * ({@link TransposedConv2x2}) to go back up, skip connections concatenated with the encoder output of the same level, and
 * a 1x1 convolution to the six classes. The activation is chosen at construction.
 *
 * <p>Every conv + batch norm + activation level is a {@link SequentialBlock} child ({@code enc1},
 * ..., {@code enc5}, {@code dec4}, ..., {@code dec1}) whose own children are {@code conv, bn, act};
 * between them are {@code pool1..pool4}, {@code dec4_up..dec1_up} and the {@code head}. Layers
 * are therefore named {@code enc1_conv, enc1_bn, enc1_act, pool1, ..., dec4_up, dec4_conv, ...,
 * head} and parameters accordingly ({@code enc1_conv_weight}, {@code dec2_bn_gamma}, ...).
 *
 * <p>The block is a {@link TraceableBlock}, so SEUnit can observe and perturb the output of
 * every layer, and a {@link RebuildableBlock}, so SEUnit can build its pruned and int8 variants
 * ({@code Variants}, {@code @Pruned}, {@code @Quantized}): within each level's SequentialBlock
 * int8 quantization folds the batch norm into the convolution before it. Structured channel
 * pruning finds no prunable layer (every level's output leaves its SequentialBlock, to the pool
 * and a skip connection, or to the up-sampling); prune the U-Net with
 * {@code PruningMethod.WEIGHTS_MAGNITUDE}.
 */
public final class UNet extends AbstractBlock implements TraceableBlock, RebuildableBlock {

    private static final byte VERSION = 1;

    /** Channels of levels 1 to 5 (level 5 is the bottleneck). */
    static final int[] CHANNELS = {8, 12, 16, 24, 24};
    static final int LEVELS = CHANNELS.length;

    private final ActivationKind activation;
    private final Map<String, Block> layers = new LinkedHashMap<>();

    private UNet(ActivationKind activation, Map<String, Block> children) {
        super(VERSION);
        this.activation = activation;
        children.forEach(this::add);
    }

    /** An uninitialized U-Net with {@code activation} after every conv + batch norm. */
    public static UNet build(ActivationKind activation) {
        Map<String, Block> children = new LinkedHashMap<>();
        for (int level = 1; level <= LEVELS; level++) {
            children.put("enc" + level, convBnAct(CHANNELS[level - 1], activation));
            if (level < LEVELS) {
                children.put("pool" + level, Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        for (int level = LEVELS - 1; level >= 1; level--) {
            children.put("dec" + level + "_up", new TransposedConv2x2(CHANNELS[level - 1]));
            children.put("dec" + level, convBnAct(CHANNELS[level - 1], activation));
        }
        children.put("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(HsiScenes.CLASSES).build());
        return new UNet(activation, children);
    }

    /** The same architecture with every child replaced by {@code children.apply(name, child)} (see {@link RebuildableBlock}). */
    @Override
    public Block rebuild(BiFunction<String, Block, Block> children) {
        Map<String, Block> rebuilt = new LinkedHashMap<>();
        layers.forEach((name, child) -> rebuilt.put(name, children.apply(name, child)));
        return new UNet(activation, rebuilt);
    }

    public ActivationKind activation() {
        return activation;
    }

    /** The activation block of {@code kind}; Hard Sigmoid is {@code relu6(x + 3) / 6}. */
    public static Block activationBlock(ActivationKind kind) {
        return switch (kind) {
            case RELU -> Activation.reluBlock();
            case SIGMOID -> Activation.sigmoidBlock();
            case HARD_SIGMOID -> new LambdaBlock(in -> new NDList(in.singletonOrThrow().add(3f).clip(0f, 6f).div(6f)),
                    "hardSigmoid");
            case RELU6 -> new LambdaBlock(in -> new NDList(in.singletonOrThrow().clip(0f, 6f)), "relu6");
            case TANH -> Activation.tanhBlock();
        };
    }

    /** One level: conv 3x3 (padding 1), batch norm, activation, as children {@code conv, bn, act}. */
    private static Block convBnAct(int channels, ActivationKind activation) {
        return new Level()
                .add("conv", Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(channels).build())
                .add("bn", BatchNorm.builder().build())
                .add("act", activationBlock(activation));
    }

    /**
     * A SequentialBlock whose children keep the names they are added under (DJL numbers them:
     * {@code 01Conv2d}), and whose parameters are saved without a header of its own: the weight
     * files are those of a U-Net whose levels' layers were direct children.
     */
    private static final class Level extends SequentialBlock {

        Level add(String name, Block block) {
            children.add(name, block);
            return this;
        }

        @Override
        public void saveParameters(DataOutputStream os) throws IOException {
            for (Block child : children.values()) {
                child.saveParameters(os);
            }
        }

        @Override
        public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
            for (Block child : children.values()) {
                child.loadParameters(manager, is);
            }
        }
    }

    private void add(String name, Block block) {
        // added without DJL's "01" numbering so that layer and parameter names read as named
        children.add(name, block);
        layers.put(name, block);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return forward(parameterStore, inputs,
                (name, child, store, in) -> child.forward(store, in, training, params));
    }

    @Override
    public NDList forward(ParameterStore parameterStore, NDList inputs, LayerCalls calls) {
        NDList x = inputs;
        NDList[] skips = new NDList[LEVELS - 1];
        for (int level = 1; level <= LEVELS; level++) {
            x = call(calls, parameterStore, "enc" + level, x);
            if (level < LEVELS) {
                skips[level - 1] = x;
                x = call(calls, parameterStore, "pool" + level, x);
            }
        }
        for (int level = LEVELS - 1; level >= 1; level--) {
            x = call(calls, parameterStore, "dec" + level + "_up", x);
            x = new NDList(NDArrays.concat(new NDList(x.head(), skips[level - 1].head()), 1));
            x = call(calls, parameterStore, "dec" + level, x);
        }
        return call(calls, parameterStore, "head", x);
    }

    private NDList call(LayerCalls calls, ParameterStore store, String name, NDList x) {
        return calls.call(name, layers.get(name), store, x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape[] skips = new Shape[LEVELS - 1];
        for (int level = 1; level <= LEVELS; level++) {
            x = init(manager, dataType, "enc" + level, x);
            if (level < LEVELS) {
                skips[level - 1] = x;
                x = init(manager, dataType, "pool" + level, x);
            }
        }
        for (int level = LEVELS - 1; level >= 1; level--) {
            x = init(manager, dataType, "dec" + level + "_up", x);
            x = new Shape(x.get(0), x.get(1) + skips[level - 1].get(1), x.get(2), x.get(3));
            x = init(manager, dataType, "dec" + level, x);
        }
        init(manager, dataType, "head", x);
    }

    private Shape init(NDManager manager, DataType dataType, String name, Shape x) {
        Block block = layers.get(name);
        block.initialize(manager, dataType, x);
        return block.getOutputShapes(new Shape[] {x})[0];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), HsiScenes.CLASSES, in.get(2), in.get(3))};
    }

    /** Per-pixel class (N, H, W) of logits (N, C, H, W). */
    public static NDArray predictions(NDArray logits) {
        return logits.argMax(1);
    }

    @Override
    public String toString() {
        return "UNet(" + activation + ", channels 8-12-16-24-24, " + HsiScenes.BANDS + " bands -> " + HsiScenes.CLASSES
                + " classes)";
    }
}
