package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.function.ToDoubleFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import org.apiguardian.api.API;

import dev.seunit.campaign.Task;
import dev.seunit.transform.internal.Inference;

/**
 * How well a model does on labelled inputs: top-1 accuracy for classification, global IoU
 * (pooled over classes) for segmentation. For stop rules of a {@link PruningSchedule}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Accuracy {

    private Accuracy() {
    }

    /** Accuracy of {@code model} on {@code inputs} against {@code labels} (class indices, one per prediction). */
    public static double of(Block model, NDArray inputs, NDArray labels, Task task) {
        return on(inputs, labels, task).applyAsDouble(model);
    }

    /** A measure of any model on these inputs; the inputs and labels must stay open while it is used. */
    public static ToDoubleFunction<Block> on(NDArray inputs, NDArray labels, Task task) {
        int[] expected = labels.toType(DataType.INT32, false).toIntArray();
        return model -> {
            try (NDManager scope = inputs.getManager().newSubManager()) {
                Inference.Output output = Inference.output(model, new NDList(inputs), scope);
                return Inference.score(task, Inference.predictions(task, output), expected, output.shape());
            }
        };
    }
}
