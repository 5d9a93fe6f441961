package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import dev.seunit.campaign.SegmentationMetrics;
import dev.seunit.campaign.Task;
import dev.seunit.campaign.internal.Predictions;
import dev.seunit.model.internal.GradMode;

/** Inference and accuracy of Java-built blocks, without gradients, temporaries in a scope. */
@API(status = INTERNAL, since = "0.1")
public final class Inference {

    private Inference() {
    }

    /**
     * Writes {@code values} (same shape and type) over {@code target}, bit for bit, in place.
     * Not {@code NDArray.set(Buffer)} or {@code copyTo}: DJL's PyTorch engine runs those under
     * the deprecated {@code AutoNonVariableTypeMode} guard, whose warning PyTorch prints to
     * stderr the first time (meaningless to a user, and it looks like an error); an indexed
     * put over the whole array writes the same bits without it.
     */
    public static void overwrite(NDArray target, NDArray values) {
        target.set(new NDIndex("..."), values);
    }

    /** {@link #overwrite(NDArray, NDArray)} from a float32 array of {@code target}'s size. */
    public static void overwrite(NDArray target, float[] values) {
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            overwrite(target, source);
        }
    }

    /** One forward pass; the outputs belong to {@code scope} (the inputs are attached to it meanwhile). */
    public static NDList forward(Block block, NDList inputs, NDManager scope) {
        scope.tempAttachAll(inputs);
        return GradMode.off(() -> block.forward(new ParameterStore(scope, false), inputs, false));
    }

    /** The first output of one forward pass, as floats, with its shape. */
    public record Output(float[] values, Shape shape) {
    }

    public static Output output(Block block, NDList inputs, NDManager parent) {
        try (NDManager scope = parent.newSubManager()) {
            NDArray head = forward(block, inputs, scope).head();
            NDArray asFloat = head.getDataType() == DataType.FLOAT32 ? head : head.toType(DataType.FLOAT32, false);
            return new Output(asFloat.toFloatArray(), head.getShape());
        }
    }

    public static int[] predictions(Task task, Output output) {
        int[] predicted = Predictions.of(task, output.values(), output.shape());
        if (predicted == null) {
            throw new IllegalArgumentException("accuracy needs class predictions: use Task.classification() or "
                    + "Task.segmentation(), not " + task);
        }
        return predicted;
    }

    /** Top-1 accuracy (classification) or global IoU (segmentation) of {@code predicted} against {@code labels}. */
    public static double score(Task task, int[] predicted, int[] labels, Shape outputShape) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("the labels hold " + labels.length + " values but the model makes "
                    + predicted.length + " predictions (output " + outputShape + "); give one label per "
                    + (task.kind() == Task.Kind.SEGMENTATION ? "pixel, shape (N, H, W)" : "input, shape (N)"));
        }
        if (task.kind() == Task.Kind.SEGMENTATION) {
            return SegmentationMetrics.of(predicted, labels, (int) outputShape.get(1)).globalIou();
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /** The share of predictions two outputs agree on. */
    public static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }
}
