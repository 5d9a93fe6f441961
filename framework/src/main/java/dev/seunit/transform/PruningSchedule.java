package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import org.apiguardian.api.API;

import dev.seunit.transform.internal.ChannelPruner;
import dev.seunit.transform.internal.Chains;
import dev.seunit.transform.internal.Rebuilder;
import dev.seunit.transform.internal.WeightPruner;

/**
 * Iterative pruning: prune to each level in turn (levels count against the unpruned model),
 * fine-tune after each step, and stop at the first step whose accuracy falls below a target;
 * the result is the most pruned model that met it. The model given is never changed.
 *
 * <pre>{@code
 * try (VariantModel pruned = PruningSchedule.of(PruningMethod.CHANNELS_L1, 10, 20, 30, 40, 50)
 *         .fineTune(block -> train(block, 2))               // e.g. a DJL Trainer loop over a few batches
 *         .keepAccuracyAtLeast(Accuracy.on(x, y, Task.segmentation()), 0.90)
 *         .run(trained)) {
 *     pruned.pruning().orElseThrow().steps();              // accuracy and size per step
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PruningSchedule {

    private final PruningMethod method;
    private final int[] percents;
    private Consumer<Block> fineTune = block -> { };
    private ToDoubleFunction<Block> accuracy;
    private double target = Double.NEGATIVE_INFINITY;

    private PruningSchedule(PruningMethod method, int[] percents) {
        this.method = Objects.requireNonNull(method, "pruning method");
        if (percents.length == 0) {
            throw new IllegalArgumentException("give at least one pruning level, e.g. PruningSchedule.of(method, 10, 20, 30)");
        }
        for (int i = 0; i < percents.length; i++) {
            if (percents[i] < 1 || percents[i] > 99 || i > 0 && percents[i] <= percents[i - 1]) {
                throw new IllegalArgumentException("pruning levels are increasing percentages from 1 to 99; got "
                        + Arrays.toString(percents));
            }
        }
        this.percents = percents.clone();
    }

    /** Prunes to each of {@code percents} (increasing, 1-99) in turn. */
    public static PruningSchedule of(PruningMethod method, int... percents) {
        return new PruningSchedule(method, percents);
    }

    /**
     * Called with the pruned model after each step, to retrain it (e.g. with a DJL
     * {@code Trainer}: {@code model.setBlock(block)}, then a few epochs). Weights pruned away stay
     * zero: unstructured masks are applied again afterwards, removed channels do not exist.
     */
    public PruningSchedule fineTune(Consumer<Block> fineTune) {
        this.fineTune = Objects.requireNonNull(fineTune);
        return this;
    }

    /**
     * Measures each step with {@code accuracy} (see {@link Accuracy#on}) and stops at the first
     * step below {@code target}, keeping the step before it.
     */
    public PruningSchedule keepAccuracyAtLeast(ToDoubleFunction<Block> accuracy, double target) {
        this.accuracy = Objects.requireNonNull(accuracy);
        this.target = target;
        return this;
    }

    /** Measures each step with {@code accuracy} without a stop rule. */
    public PruningSchedule measure(ToDoubleFunction<Block> accuracy) {
        return keepAccuracyAtLeast(accuracy, Double.NEGATIVE_INFINITY);
    }

    /** Runs the schedule on {@code model} (initialized, ideally trained); the result is a separate model. */
    public VariantModel run(Block model) {
        return run(model, model.getClass().getSimpleName(), Variant.BASELINE);
    }

    VariantModel run(Block model, String name, Variant base) {
        ParameterDistribution before = ParameterDistribution.of(model);
        Map<String, Integer> channels = channels(model);
        Map<String, Long> nonZero = nonZeroWeights(model);
        double baseline = accuracy == null ? Double.NaN : accuracy.applyAsDouble(model);
        List<PruningReport.Step> steps = new ArrayList<>();
        Pruned kept = null;
        for (int percent : percents) {
            Pruned step = prune(kept == null ? model : kept.block, percent, channels, nonZero);
            try {
                fineTune.accept(step.block);
                if (step.masks != null) {
                    step.masks.apply(step.block);
                }
                double score = accuracy == null ? Double.NaN : accuracy.applyAsDouble(step.block);
                boolean accepted = accuracy == null || score >= target;
                steps.add(new PruningReport.Step(percent, score, count(step.block), accepted));
                if (!accepted) {
                    step.manager.close();
                    break;
                }
            } catch (RuntimeException e) {
                step.manager.close();
                if (kept != null) {
                    kept.manager.close();
                }
                throw e;
            }
            if (kept != null) {
                kept.manager.close();
            }
            kept = step;
        }
        if (kept == null) {
            // not even the first level met the target: the variant is the model as it was
            NDManager manager = NDManager.newBaseManager("PyTorch");
            kept = new Pruned(Rebuilder.copy(model, Rebuilder.LeafMapper.COPY, manager, Map.of()), manager, 0, List.of(),
                    Map.of(), null);
        }
        PruningReport report = new PruningReport(method, kept.percent, before, ParameterDistribution.of(kept.block),
                kept.layers, kept.keptWhole, steps);
        Variant variant = base.withPruning(kept.percent);
        VariantModel result = new VariantModel(name + "[" + variant.describe() + "]", variant, kept.block, kept.manager);
        result.pruning(report);
        if (accuracy != null) {
            double last = steps.stream().filter(PruningReport.Step::accepted).mapToDouble(PruningReport.Step::accuracy)
                    .reduce((a, b) -> b).orElse(baseline);
            result.accuracy(baseline, last, "accuracy given to the pruning schedule");
        }
        if (kept.percent < percents[percents.length - 1]) {
            result.note(String.format(Locale.ROOT, "pruning stopped at %d%% of the planned %d%%: the next step fell below "
                    + "the accuracy target %.4f", kept.percent, percents[percents.length - 1], target));
        }
        return result;
    }

    /** One pruned model and what was pruned; the manager owns its arrays. */
    private record Pruned(Block block, NDManager manager, int percent, List<PruningReport.PrunedLayer> layers,
            Map<String, String> keptWhole, WeightPruner masks) {
    }

    private Pruned prune(Block source, int percent, Map<String, Integer> channels, Map<String, Long> nonZero) {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            if (method == PruningMethod.CHANNELS_L1) {
                ChannelPruner.Result r = ChannelPruner.prune(source, percent, channels, manager);
                if (percent > 0 && r.plans().isEmpty()) {
                    // a silent no-op would let a study compare a "pruned" model that is the original
                    throw new IllegalArgumentException("structured channel pruning (CHANNELS_L1) of " + percent
                            + "% can remove no channel of this model: every convolution or linear layer is kept whole "
                            + r.kept() + ". Prune its weights instead: Variants.factory(model).pruning("
                            + "PruningMethod.WEIGHTS_MAGNITUDE), in a @ModelUnderTest method that takes the Variant");
                }
                List<PruningReport.PrunedLayer> layers = new ArrayList<>();
                for (ChannelPruner.Plan plan : r.plans()) {
                    layers.add(new PruningReport.PrunedLayer(plan.layer(), channels.get(plan.layer()), plan.keep().length));
                }
                return new Pruned(r.block(), manager, percent, layers, r.kept(), null);
            }
            Block copy = Rebuilder.copy(source, Rebuilder.LeafMapper.COPY, manager, Map.of());
            WeightPruner masks = WeightPruner.prune(copy, percent);
            List<PruningReport.PrunedLayer> layers = new ArrayList<>();
            nonZeroWeights(copy).forEach((name, n) -> layers.add(new PruningReport.PrunedLayer(name, nonZero.get(name), n)));
            return new Pruned(copy, manager, percent, layers, Map.of(), masks);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Output channels of every convolution and linear layer. */
    private static Map<String, Integer> channels(Block model) {
        Map<String, Integer> channels = new HashMap<>();
        for (List<Chains.Link> chain : Chains.of(model)) {
            for (Chains.Link link : chain) {
                if (link.block() instanceof Convolution || link.block() instanceof Linear) {
                    channels.put(link.path(), (int) link.block().getDirectParameters().get("weight").getArray().getShape()
                            .get(0));
                }
            }
        }
        return channels;
    }

    private static Map<String, Long> nonZeroWeights(Block model) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                float[] w = p.getValue().getArray().toFloatArray();
                long n = 0;
                for (float v : w) {
                    n += v != 0 ? 1 : 0;
                }
                counts.put(p.getKey(), n);
            }
        }
        return counts;
    }

    private static long count(Block model) {
        return model.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
