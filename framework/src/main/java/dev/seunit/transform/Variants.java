package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import org.apiguardian.api.API;

import dev.seunit.model.RebuildableBlock;

/**
 * The entry point for model variants: the design choices a robustness study compares (bounded
 * activations, pruning, int8 quantization), each built from a trained float model as a separate
 * Java-built model that campaigns can run on.
 *
 * <pre>{@code
 * try (VariantModel v = Variants.apply(trained, Variant.BASELINE.withPruning(50).withPrecision(Precision.INT8),
 *         goldenInputs, labels);
 *      InjectableModel model = v.injectableModel();
 *      GoldenRun golden = GoldenRun.of(model, goldenInputs)) {
 *     CampaignResult result = Campaign.builder(golden).budget(Budget.count(10_000)).build().run();
 * }
 * }</pre>
 *
 * <p>The model must be a Java-built block: SequentialBlocks of DJL's Conv1d/2d/3d, Linear,
 * BatchNorm and parameterless layers, and custom containers implementing
 * {@link RebuildableBlock}. A variant keeps the original's layer and parameter names
 * ({@code 01Conv2d_weight} is int8 in the quantized variant), so the same layer patterns select
 * the same layers in every variant.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Variants {

    private Variants() {
    }

    /**
     * Builds {@code variant} of {@code trainedFloatModel}, never changing the model given.
     *
     * <ul>
     * <li>activation: every recognised activation layer (see {@link Activations}) is swapped, and
     * the accuracy the swap leaves is measured and put in {@link VariantModel#notes()}; to use a
     * model trained with the activation instead, use {@link #factory} and
     * {@link VariantFactory#trained}. A model that already uses it is taken as it is.
     * <li>pruning: structured L1 channel pruning of {@code prunedPercent} of the channels of each
     * prunable layer (one shot; {@link VariantFactory} for fine-tuning or unstructured pruning).
     * <li>precision INT8: batch norms folded, symmetric per-channel int8 weights, int32 biases,
     * activation ranges calibrated on {@code inputs}.
     * </ul>
     *
     * @param inputs fault-free inputs of the model (e.g. the golden inputs): calibration and accuracy;
     *     null only for a variant that neither swaps, clips nor quantizes (its accuracy is then not measured)
     * @param labels the true classes of the inputs, or null to measure agreement with the original model
     * @return the variant, owned by the caller (close it); the baseline wraps {@code trainedFloatModel} itself
     */
    public static VariantModel apply(Block trainedFloatModel, Variant variant, NDArray inputs, NDArray labels) {
        VariantFactory factory = factory(trainedFloatModel).labels(labels);
        return (inputs == null ? factory : factory.inputs(inputs)).create(variant);
    }

    /** A factory for the variants of {@code trainedFloatModel}, with more options. */
    public static VariantFactory factory(Block trainedFloatModel) {
        return new VariantFactory(trainedFloatModel);
    }
}
