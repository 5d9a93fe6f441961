package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.util.Pair;
import org.apiguardian.api.API;

import dev.seunit.model.RebuildableBlock;
import dev.seunit.transform.internal.Probe;
import dev.seunit.transform.internal.Rebuilder;
import dev.seunit.model.internal.LayerKinds;

/**
 * The activation layers of a Java-built model: list them, swap them for another
 * {@link ActivationKind}, or clip them to the range they take on fault-free inputs.
 *
 * <p>Recognised as activation layers: {@link ActivationBlock}, and DJL {@link LambdaBlock}s by
 * their name, which is how DJL 0.36 labels them: {@code "ReLU"} ({@code Activation.reluBlock()}),
 * {@code "ReLU6"}, {@code "sigmoid"}, {@code "Tanh"}, and {@code "HardSigmoid"} (any case, with or
 * without {@code _} or {@code -}) for hand-made hard sigmoids. Other DJL activations (GELU,
 * LeakyReLU, ...) are not {@link ActivationKind}s and are left alone.
 *
 * <p>Swapping and clipping rebuild the model: {@code SequentialBlock}s and
 * {@link RebuildableBlock}s are rebuilt with the same child names, so the variant's layer and
 * parameter names are the original's. A custom block that implements neither should take its
 * activation as a constructor argument, and the model source builds one model per activation.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Activations {

    private Activations() {
    }

    /** The activation function {@code block} applies, if it is a recognised activation layer. */
    public static Optional<ActivationKind> kindOf(Block block) {
        if (block instanceof ActivationBlock) {
            return Optional.of(((ActivationBlock) block).kind());
        }
        return LayerKinds.lambdaActivation(block).map(name -> switch (name) {
            case "relu" -> ActivationKind.RELU;
            case "relu6" -> ActivationKind.RELU6;
            case "sigmoid" -> ActivationKind.SIGMOID;
            case "hardsigmoid" -> ActivationKind.HARD_SIGMOID;
            case "tanh" -> ActivationKind.TANH;
            default -> throw new IllegalStateException("an activation LayerKinds knows and this switch does not: " + name);
        });
    }

    /** Every activation layer of {@code model}, in forward order. */
    public static List<ActivationSite> sites(Block model) {
        List<ActivationSite> sites = new ArrayList<>();
        collect(model, "", sites);
        return sites;
    }

    private static void collect(Block block, String path, List<ActivationSite> sites) {
        if (block.getChildren().isEmpty()) {
            kindOf(block).ifPresent(kind -> sites.add(new ActivationSite(path.isEmpty() ? block.getClass().getSimpleName()
                    : path, kind, describe(block))));
            return;
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), Rebuilder.join(path, child.getKey()), sites);
        }
    }

    private static String describe(Block block) {
        return block instanceof LambdaBlock ? "LambdaBlock \"" + ((LambdaBlock) block).getName() + "\""
                : "ActivationBlock " + block;
    }

    /**
     * A copy of {@code model} with every activation layer replaced by {@code kind}; parameter
     * values are copied into arrays of {@code manager}. The weights stay those trained with the
     * old activation: check the accuracy that is left (see {@link Variants}).
     */
    public static Block swap(Block model, ActivationKind kind, NDManager manager) {
        requireSites(model);
        return Rebuilder.copy(model, (path, leaf) -> kindOf(leaf).isPresent() ? ActivationBlock.of(kind) : null, manager,
                Map.of());
    }

    /**
     * The range of every activation layer's output over {@code inputs} (fault-free), keyed by
     * layer name in forward order.
     */
    public static Map<String, ActivationBounds> profile(Block model, NDList inputs) {
        requireSites(model);
        Map<String, float[]> ranges = new LinkedHashMap<>();
        try (NDManager scratch = inputs.head().getManager().newSubManager()) {
            Probe.run(model, inputs, (path, leaf) -> kindOf(leaf).isPresent(), (layer, in, out) -> {
                NDArray y = out.head();
                float lo = y.min().getFloat();
                float hi = y.max().getFloat();
                ranges.merge(layer, new float[] {lo, hi},
                        (a, b) -> new float[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }, scratch);
        }
        Map<String, ActivationBounds> bounds = new LinkedHashMap<>();
        ranges.forEach((layer, r) -> bounds.put(layer, new ActivationBounds(layer, r[0], r[1])));
        return bounds;
    }

    /**
     * A copy of {@code model} whose activation layers named in {@code bounds} clip their output to
     * those bounds (Ranger-style range restriction, no retraining); on the inputs the bounds were
     * profiled on, the copy computes exactly what the model does.
     */
    public static Block clip(Block model, Map<String, ActivationBounds> bounds, NDManager manager) {
        List<String> known = sites(model).stream().map(ActivationSite::layer).collect(Collectors.toList());
        for (String layer : bounds.keySet()) {
            if (!known.contains(layer)) {
                throw new IllegalArgumentException("no activation layer " + layer + " to clip; the activation layers are "
                        + known);
            }
        }
        return Rebuilder.copy(model, (path, leaf) -> {
            ActivationBounds b = bounds.get(path);
            return b == null ? null : ActivationBlock.clipped(kindOf(leaf).orElseThrow(), b.lower(), b.upper());
        }, manager, Map.of());
    }

    private static void requireSites(Block model) {
        if (sites(model).isEmpty()) {
            throw new IllegalArgumentException("the model (" + model.getClass().getSimpleName() + ") has no activation "
                    + "layer SEUnit recognises: build it with dev.seunit.transform.ActivationBlock.of(kind) or DJL's "
                    + "Activation.reluBlock()/sigmoidBlock()/tanhBlock()/relu6Block()");
        }
    }
}
