package dev.seunit.model.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apiguardian.api.API;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.convolutional.Deconvolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

import dev.seunit.model.AffineBlock;
import dev.seunit.model.MonotoneBlock;

/**
 * What a leaf layer computes, told by its type: DJL's layer classes, the names DJL's factories
 * give their {@link LambdaBlock}s (the only type a lambda layer has: {@code Pool.maxPool2dBlock()}
 * is a LambdaBlock named {@code maxPool2d}), and the {@link AffineBlock} and {@link MonotoneBlock}
 * markers of custom layers. Names are matched whole, never as substrings of a layer's name.
 */
@API(status = INTERNAL, since = "0.1")
public final class LayerKinds {

    /** Activation names, lower case without {@code _} or {@code -}: DJL's and the usual custom ones. */
    private static final Set<String> ACTIVATIONS = Set.of("relu", "relu6", "sigmoid", "hardsigmoid", "tanh");

    /** DJL's pooling lambdas that keep channels apart (per channel, per window). */
    private static final Set<String> POOLING = Set.of("maxpool1d", "maxpool2d", "maxpool3d", "avgpool1d", "avgpool2d",
            "avgpool3d", "lppool1d", "lppool2d", "lppool3d");

    /** DJL's global pooling lambdas: (N, C, ...) to (N, C), one value per channel. */
    private static final Set<String> GLOBAL_POOLING = Set.of("globalmaxpool1d", "globalmaxpool2d", "globalmaxpool3d",
            "globalavgpool1d", "globalavgpool2d", "globalavgpool3d", "globallppool1d", "globallppool2d",
            "globallppool3d");

    /** Lambdas that only reshape, channel-major: DJL's batch flatten. */
    private static final String BATCH_FLATTEN = "batchflatten";

    private LayerKinds() {
    }

    /** The name of a DJL {@link LambdaBlock} in lower case without {@code _} or {@code -}, or "" for other blocks. */
    public static String lambdaName(Block block) {
        return block instanceof LambdaBlock lambda
                ? lambda.getName().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "") : "";
    }

    /** The activation a DJL lambda layer applies ({@code relu}, {@code sigmoid}, ...), if it is one. */
    public static Optional<String> lambdaActivation(Block block) {
        String name = lambdaName(block);
        return ACTIVATIONS.contains(name) ? Optional.of(name) : Optional.empty();
    }

    /** Whether {@code leaf} sums over its input channels: convolutions, transposed convolutions, linear layers, {@link AffineBlock}s. */
    public static boolean mixesChannels(Block leaf) {
        return leaf instanceof Convolution || leaf instanceof Deconvolution || leaf instanceof Linear
                || leaf instanceof AffineBlock;
    }

    /** Whether {@code leaf} is affine in its input: {@link #mixesChannels} layers and batch norm (in inference). */
    public static boolean isAffine(Block leaf) {
        return mixesChannels(leaf) || leaf instanceof BatchNorm;
    }

    /** Whether {@code leaf} is an element-wise non-decreasing activation. */
    public static boolean isActivation(Block leaf) {
        return leaf instanceof MonotoneBlock || lambdaActivation(leaf).isPresent();
    }

    /** Whether {@code leaf} maps each value through a non-decreasing function of the values of its row. */
    public static boolean isMonotone(Block leaf) {
        String name = lambdaName(leaf);
        return isActivation(leaf) || leaf instanceof Dropout || POOLING.contains(name) || GLOBAL_POOLING.contains(name)
                || name.equals(BATCH_FLATTEN) || name.equals("flatten") || name.equals("identity");
    }

    /** Whether {@code leaf} keeps channels apart: element-wise or spatial only (activations, pooling, dropout, identity). */
    public static boolean keepsChannels(Block leaf) {
        String name = lambdaName(leaf);
        return isActivation(leaf) || leaf instanceof Dropout || POOLING.contains(name) || name.equals("identity");
    }

    /** Whether {@code leaf} flattens (N, C, ...) to (N, C * ...), channel-major: batch flatten and global pooling. */
    public static boolean flattensChannels(Block leaf) {
        String name = lambdaName(leaf);
        return name.equals(BATCH_FLATTEN) || GLOBAL_POOLING.contains(name);
    }
}
