package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import org.apiguardian.api.API;

import dev.seunit.campaign.Task;
import dev.seunit.transform.internal.Inference;
import dev.seunit.transform.internal.Quantizer;
import dev.seunit.transform.internal.Rebuilder;

/**
 * Builds the variants of one trained float model (see {@link Variants#factory}). Each
 * {@link #create} applies, in this order: the activation (a model the source trained with it,
 * or a swap), pruning, range restriction (if asked for), int8 quantization; and measures the
 * accuracy each step leaves on the inputs given here. Not thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class VariantFactory {

    private final Block model;
    private final Map<ActivationKind, Block> trained = new EnumMap<>(ActivationKind.class);
    private String name;
    private NDList inputs;
    private int[] labels;
    private Task task = Task.classification();
    private PruningMethod pruningMethod = PruningMethod.CHANNELS_L1;
    private Consumer<Block> fineTune;
    private boolean clip;
    private double minAccuracy = Double.NEGATIVE_INFINITY;

    VariantFactory(Block model) {
        this.model = Objects.requireNonNull(model, "model");
        requireJavaBuilt(model);
        Rebuilder.inputShapes(model); // fails early, with the fix, on an uninitialized block
        this.name = model.getClass().getSimpleName();
    }

    private static void requireJavaBuilt(Block block) {
        if (block instanceof ai.djl.pytorch.engine.PtSymbolBlock) {
            throw new IllegalArgumentException("a TorchScript model cannot be transformed by SEUnit: export one "
                    + "TorchScript file per variant (trained with the activation, pruned, quantized in PyTorch) and let "
                    + "the model source load the file for each Variant; or build the model in Java with DJL blocks");
        }
    }

    /** The name variants are called by: {@code name[variant]}. */
    public VariantFactory name(String name) {
        this.name = Objects.requireNonNull(name);
        return this;
    }

    /**
     * Fault-free inputs: they calibrate int8 activation ranges and clipping bounds, and measure
     * the accuracy each variant keeps. Required for swaps, clipping and int8.
     */
    public VariantFactory inputs(NDArray inputs) {
        return inputs(new NDList(Objects.requireNonNull(inputs, "inputs")));
    }

    public VariantFactory inputs(NDList inputs) {
        if (inputs.isEmpty() || inputs.head().getShape().dimension() == 0 || inputs.head().getShape().get(0) == 0) {
            throw new IllegalArgumentException("the inputs are empty: give a batch of shape (N, ...) with N >= 1");
        }
        this.inputs = inputs;
        return this;
    }

    /** The true class of each input (or pixel, for segmentation); without labels, accuracy is agreement with the model. */
    public VariantFactory labels(NDArray labels) {
        this.labels = labels == null ? null : labels.toType(DataType.INT32, false).toIntArray();
        return this;
    }

    /** How outputs are read as predictions; classification by default. */
    public VariantFactory task(Task task) {
        this.task = Objects.requireNonNull(task);
        return this;
    }

    /**
     * A model of the same architecture trained with {@code kind}: variants with that activation
     * start from it instead of swapping the activation into weights trained for another one.
     */
    public VariantFactory trained(ActivationKind kind, Block trainedModel) {
        requireJavaBuilt(trainedModel);
        Rebuilder.inputShapes(trainedModel);
        trained.put(Objects.requireNonNull(kind), trainedModel);
        return this;
    }

    /** Structured channel pruning (the default) or unstructured weight pruning. */
    public VariantFactory pruning(PruningMethod method) {
        this.pruningMethod = Objects.requireNonNull(method);
        return this;
    }

    /**
     * Retrains a pruned model (e.g. a DJL Trainer loop): pruning then proceeds in steps of 10%
     * with fine-tuning after each; without it, pruning is one-shot.
     */
    public VariantFactory fineTune(Consumer<Block> fineTune) {
        this.fineTune = fineTune;
        return this;
    }

    /** Clips every activation layer to the range it takes on the inputs (Ranger-style range restriction). */
    public VariantFactory clipActivations(boolean clip) {
        this.clip = clip;
        return this;
    }

    /**
     * Fails {@link #create} when a variant's accuracy ends below {@code minAccuracy}, instead of
     * handing a useless model to a fault campaign.
     */
    public VariantFactory minAccuracy(double minAccuracy) {
        this.minAccuracy = minAccuracy;
        return this;
    }

    /** Builds {@code variant}; the caller closes it. */
    public VariantModel create(Variant variant) {
        Objects.requireNonNull(variant, "variant");
        if (inputs == null && (variant.precision() == Precision.INT8 || clip)) {
            throw new IllegalStateException("variant " + variant + " needs calibration inputs: call inputs(...) on the "
                    + "factory (fault-free inputs of the model, e.g. the golden inputs)");
        }
        String variantName = variant.isBaseline() ? name : name + "[" + variant.describe() + "]";
        Reference reference = inputs == null ? null : reference();
        Step current = new Step(model, null);
        VariantModel.ActivationSource source = VariantModel.ActivationSource.AS_GIVEN;
        PruningReport pruning = null;
        QuantizationReport quantization = null;
        Map<String, ActivationBounds> bounds = Map.of();
        List<String> notes = new java.util.ArrayList<>();
        try {
            ActivationKind kind = variant.activation();
            if (kind != null) {
                if (trained.containsKey(kind)) {
                    current = new Step(trained.get(kind), null);
                    source = VariantModel.ActivationSource.TRAINED;
                } else if (Activations.sites(model).isEmpty()
                        || !Activations.sites(model).stream().allMatch(s -> s.kind() == kind)) {
                    current = current.then(m -> Activations.swap(model, kind, m));
                    source = VariantModel.ActivationSource.SWAPPED;
                    if (reference != null) {
                        double swapped = reference.score(current.block);
                        notes.add(String.format(Locale.ROOT, "activation swapped to %s without retraining: %s %.4f, "
                                + "against %.4f of the model trained with %s; supply a model trained with %s "
                                + "(VariantFactory.trained) for a meaningful robustness comparison", kind,
                                reference.metric, swapped, reference.baseline, Activations.sites(model).get(0).kind(), kind,
                                kind));
                    } else {
                        notes.add("activation swapped to " + kind + " without retraining, and no inputs to measure what "
                                + "accuracy is left: give the factory inputs and labels");
                    }
                }
            }
            if (variant.prunedPercent() > 0) {
                int p = variant.prunedPercent();
                PruningSchedule schedule = fineTune == null ? PruningSchedule.of(pruningMethod, p)
                        : PruningSchedule.of(pruningMethod, IntStream.concat(IntStream.iterate(10, s -> s < p, s -> s + 10),
                                IntStream.of(p)).toArray()).fineTune(fineTune);
                VariantModel pruned = schedule.run(current.block, name, Variant.BASELINE);
                current.close();
                current = new Step(pruned.block(), pruned.manager());
                pruning = pruned.pruning().orElseThrow();
            }
            if (clip) {
                Block from = current.block;
                bounds = Activations.profile(from, inputs);
                Map<String, ActivationBounds> b = bounds;
                current = current.then(m -> Activations.clip(from, b, m));
            }
            if (variant.precision() == Precision.INT8) {
                Block from = current.block;
                Inference.Output floatOut = Inference.output(from, inputs, inputs.head().getManager());
                Quantizer.Result[] result = new Quantizer.Result[1];
                current = current.then(m -> (result[0] = Quantizer.quantize(from, inputs, m)).block()); // frees from
                Inference.Output int8Out = Inference.output(current.block, inputs, inputs.head().getManager());
                int[] floatPredictions = Inference.predictions(task, floatOut);
                int[] int8Predictions = Inference.predictions(task, int8Out);
                int[] expected = labels != null ? labels : reference.predictions;
                quantization = new QuantizationReport(Inference.score(task, floatPredictions, expected, floatOut.shape()),
                        Inference.score(task, int8Predictions, expected, int8Out.shape()),
                        Inference.agreement(floatPredictions, int8Predictions), result[0].layers(),
                        result[0].floatLayers());
                if (!result[0].floatLayers().isEmpty()) {
                    notes.add("layers left in float32 (their parameters can still become Inf/NaN): "
                            + result[0].floatLayers());
                }
            }
        } catch (RuntimeException e) {
            current.close();
            throw e;
        }
        VariantModel result = new VariantModel(variantName, variant, current.block, current.manager);
        result.activationSource(source);
        result.clipBounds(bounds);
        result.pruning(pruning);
        result.quantization(quantization);
        notes.forEach(result::note);
        if (reference != null) {
            double score = reference.score(current.block);
            result.accuracy(reference.baseline, score, reference.metric);
            if (score < minAccuracy) {
                result.close();
                throw new IllegalStateException(String.format(Locale.ROOT, "variant %s keeps only %s %.4f (baseline "
                        + "%.4f), below the required %.4f%s", variantName, reference.metric, score,
                        reference.baseline, minAccuracy, source == VariantModel.ActivationSource.SWAPPED
                                ? ". A network trained with one activation does not work with another swapped in: supply "
                                        + "a model trained with " + variant.activation() + " (VariantFactory.trained)"
                                : ". Prune less or fine-tune (VariantFactory.fineTune), check the calibration inputs, or lower "
                                        + "minAccuracy"));
            }
        }
        return result;
    }

    /** The predictions variants are scored against, and the model's own score. */
    private final class Reference {
        final int[] predictions;
        final int[] expected;
        final double baseline;
        final String metric;

        Reference() {
            Inference.Output output = Inference.output(model, inputs, inputs.head().getManager());
            predictions = Inference.predictions(task, output);
            expected = labels != null ? labels : predictions;
            baseline = Inference.score(task, predictions, expected, output.shape());
            metric = labels == null ? "agreement with the original model's predictions"
                    : task.kind() == Task.Kind.SEGMENTATION ? "global IoU against labels" : "top-1 accuracy against labels";
        }

        double score(Block block) {
            Inference.Output output = Inference.output(block, inputs, inputs.head().getManager());
            return Inference.score(task, Inference.predictions(task, output), expected, output.shape());
        }
    }

    private Reference reference() {
        return new Reference();
    }

    /** The model so far and the manager that owns it (null: a block the caller owns). */
    private static final class Step {
        final Block block;
        final NDManager manager;

        Step(Block block, NDManager manager) {
            this.block = block;
            this.manager = manager;
        }

        /** The next model, built into a new manager; this step's arrays are freed once it is built. */
        Step then(java.util.function.Function<NDManager, Block> build) {
            NDManager next = NDManager.newBaseManager("PyTorch");
            try {
                Block built = build.apply(next);
                close();
                return new Step(built, next);
            } catch (RuntimeException e) {
                next.close();
                throw e;
            }
        }

        void close() {
            if (manager != null) {
                manager.close();
            }
        }
    }
}
