package dev.seunit.examples.hsi;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import dev.seunit.campaign.SegmentationMetrics;
import dev.seunit.campaign.Task;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.PruningMethod;
import dev.seunit.transform.Variant;
import dev.seunit.transform.VariantModel;
import dev.seunit.transform.Variants;

/**
 * The U-Nets trained by {@link TrainUNet} and shipped as class-path resources
 * ({@code dev/seunit/examples/hsi/unet-<activation>.params}): no training at test time.
 */
public final class UNetModels {

    /** Activations a network was trained for. */
    public static final ActivationKind[] TRAINED = {ActivationKind.RELU, ActivationKind.SIGMOID,
        ActivationKind.HARD_SIGMOID};

    private UNetModels() {
    }

    /** Class-path resource of the weights trained with {@code activation}. */
    public static String resource(ActivationKind activation) {
        return "dev/seunit/examples/hsi/unet-" + fileStem(activation) + ".params";
    }

    static String fileStem(ActivationKind activation) {
        return activation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A U-Net with {@code activation}, initialized for 32x32 scenes, parameters attached to {@code manager}. */
    public static UNet initialized(NDManager manager, ActivationKind activation) {
        UNet unet = UNet.build(activation);
        unet.initialize(manager, DataType.FLOAT32, new Shape(1, HsiScenes.BANDS, HsiScenes.SIZE, HsiScenes.SIZE));
        return unet;
    }

    /** The shipped U-Net trained with {@code activation}, parameters attached to {@code manager}. */
    public static UNet trained(NDManager manager, ActivationKind activation) {
        String resource = resource(activation);
        UNet unet = initialized(manager, activation);
        try (InputStream in = UNetModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no trained U-Net for " + activation + ": class-path resource " + resource
                        + " is missing (run dev.seunit.examples.hsi.TrainUNet)");
            }
            unet.loadParameters(manager, new DataInputStream(new BufferedInputStream(in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException(resource + " does not hold U-Net weights: " + e.getMessage(), e);
        }
        return unet;
    }

    /** Scenes of the training distribution (not the held-out ones) that calibrate int8 and score variants. */
    public static HsiScenes.Scenes calibrationScenes(NDManager manager) {
        return HsiScenes.generate(manager, 16, HsiScenes.TRAINING_SEED + 999, HsiScenes.SIZE);
    }

    /**
     * {@code variant} of the shipped U-Net trained with {@code variant.activation()} (ReLU when
     * not varied), built with SEUnit's {@link Variants}:
     * <ul>
     * <li>pruning: unstructured magnitude pruning ({@link PruningMethod#WEIGHTS_MAGNITUDE}: the
     * smallest |w| of every conv, transposed-conv and head weight tensor become zero), in steps of
     * 10% with a short fine-tuning after each (64 fresh training scenes, Adam, learning rate
     * 0.003; {@link TrainUNet#fineTune}). Structured channel pruning cannot shrink this U-Net:
     * every level's output also feeds a skip connection or the up-sampling.
     * <li>int8: batch norms folded into the convolutions before them, symmetric per-channel int8
     * weights and int32 biases for every Conv2d (the nine levels and the head), activations
     * quantized with ranges calibrated on {@link #calibrationScenes}; the four
     * {@link TransposedConv2x2} up-sampling layers stay float32 (SEUnit quantizes DJL's Conv2d and
     * Linear layers), which the variant's notes say.
     * </ul>
     * The variant must keep a global IoU of at least 0.90 on the calibration scenes. The caller
     * closes it; {@code trained} (the shipped float network) is never changed.
     */
    public static VariantModel variant(UNet trained, Variant variant, HsiScenes.Scenes calibration) {
        AtomicInteger step = new AtomicInteger();
        return Variants.factory(trained).name("unet-" + fileStem(trained.activation()))
                .trained(trained.activation(), trained)
                .inputs(calibration.inputs()).labels(calibration.labels()).task(Task.segmentation())
                .pruning(PruningMethod.WEIGHTS_MAGNITUDE)
                .fineTune(block -> TrainUNet.fineTune(block, 64, 0.003f, step.incrementAndGet()))
                .minAccuracy(0.90)
                .create(variant.withActivation(trained.activation()));
    }

    /** Per-pixel predictions (N*H*W, row-major) of {@code block} for {@code inputs}. */
    public static int[] predict(Block block, NDArray inputs) {
        try (NDManager scope = inputs.getManager().newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            NDList out = block.forward(store, new NDList(inputs), false);
            NDArray classes = UNet.predictions(out.head()).toType(DataType.INT32, false);
            return classes.toIntArray();
        }
    }

    /** Global and weighted IoU of {@code block} on {@code scenes}. */
    public static SegmentationMetrics evaluate(Block block, HsiScenes.Scenes scenes) {
        return SegmentationMetrics.of(predict(block, scenes.inputs()), scenes.labels().toIntArray(), HsiScenes.CLASSES);
    }
}
