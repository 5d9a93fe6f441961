package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import org.apiguardian.api.API;

import dev.seunit.campaign.internal.Injector;
import dev.seunit.campaign.internal.OutputComparator;
import dev.seunit.campaign.internal.replay.EngineCache;
import dev.seunit.fault.FaultScenario;
import dev.seunit.model.LayerOutput;
import dev.seunit.model.InjectableModel;

/**
 * The fault-free run of a model on a batch of inputs, computed once and shared by every
 * campaign on the same model and inputs. Holds its own copies of the inputs and labels.
 */
@API(status = MAINTAINED, since = "0.1")
public final class GoldenRun implements AutoCloseable {

    private final InjectableModel model;
    private final NDManager manager;
    private final NDList inputs;
    private final int[] labels;
    private final float[] output;
    private final Shape outputShape;
    private List<LayerOutput> layerOutputs;
    private String fingerprint;
    /** What the engine keeps for the campaigns on this run (checkpoints, thread pool); closed with it. */
    final EngineCache engineCache = new EngineCache();

    private GoldenRun(InjectableModel model, NDList inputs, NDArray labels) {
        this.model = model;
        this.manager = model.manager().newSubManager();
        if (inputs.isEmpty() || inputs.head().getShape().dimension() == 0 || inputs.head().getShape().get(0) == 0) {
            manager.close();
            throw new IllegalArgumentException("the inputs are empty: give at least one input, as an NDArray of shape "
                    + "(N, ...) with N >= 1");
        }
        NDList copies = new NDList();
        for (NDArray in : inputs) {
            NDArray copy = in.duplicate();
            copy.attach(manager);
            copies.add(copy);
        }
        this.inputs = copies;
        NDList result;
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(this.inputs);
            try {
                result = model.forward(this.inputs);
            } catch (RuntimeException e) {
                manager.close();
                throw new IllegalArgumentException("the golden inference of " + model.name() + " failed on inputs of shape "
                        + inputs.getShapes()[0] + ": " + e.getMessage()
                        + ". Check that the inputs have the shape and type the model expects", e);
            }
            NDArray head = result.head();
            this.outputShape = head.getShape();
            this.output = (head.getDataType() == DataType.FLOAT32 ? head : head.toType(DataType.FLOAT32, false))
                    .toFloatArray();
        }
        long nonFinite = 0;
        int first = -1;
        for (int i = 0; i < output.length; i++) {
            if (!Float.isFinite(output[i])) {
                nonFinite++;
                first = first < 0 ? i : first;
            }
        }
        if (nonFinite > 0) {
            manager.close();
            throw new IllegalArgumentException("the model " + model.name() + " already produces " + nonFinite
                    + " non-finite values on the golden inputs (first at flat index " + first + " of output " + outputShape
                    + "). Fault injection needs a finite golden run: check the weights and the inputs");
        }
        this.labels = labels == null ? null : labels.toType(DataType.INT32, false).toIntArray();
    }

    /** Runs {@code model} once on {@code inputs}; labels are optional (null). */
    public static GoldenRun of(InjectableModel model, NDList inputs, NDArray labels) {
        return new GoldenRun(model, inputs, labels);
    }

    public static GoldenRun of(InjectableModel model, NDArray inputs) {
        return new GoldenRun(model, new NDList(inputs), null);
    }

    /** The first {@code maxInputs} samples of a DJL dataset, with their labels. */
    public static GoldenRun of(InjectableModel model, Dataset dataset, int maxInputs) {
        List<NDArray> data = new ArrayList<>();
        List<NDArray> labels = new ArrayList<>();
        try (NDManager scratch = model.manager().newSubManager()) {
            int taken = 0;
            for (Batch batch : dataset.getData(scratch)) {
                try (batch) {
                    NDArray x = batch.getData().head();
                    NDArray y = batch.getLabels().isEmpty() ? null : batch.getLabels().head();
                    long keep = Math.min(x.getShape().get(0), maxInputs - taken);
                    // the batch closes its arrays: keep copies in the scratch manager
                    data.add(keep(x.get("0:" + keep), scratch));
                    if (y != null) {
                        labels.add(keep(y.get("0:" + keep), scratch));
                    }
                    taken += keep;
                }
                if (taken >= maxInputs) {
                    break;
                }
            }
            if (data.isEmpty()) {
                throw new IllegalArgumentException("the dataset gave no samples: prepare() it and check it is not empty");
            }
            NDArray x = NDArrays.concat(new NDList(data));
            NDArray y = labels.isEmpty() ? null : NDArrays.concat(new NDList(labels));
            return new GoldenRun(model, new NDList(x), y);
        } catch (IOException | TranslateException e) {
            throw new IllegalArgumentException("cannot read inputs from the dataset: " + e.getMessage(), e);
        }
    }

    private static NDArray keep(NDArray slice, NDManager into) {
        NDArray copy = slice.duplicate();
        copy.attach(into);
        return copy;
    }

    public InjectableModel model() {
        return model;
    }

    /** The inputs, owned by this run; attach them temporarily to a scope to run inferences. */
    public NDList inputs() {
        return inputs;
    }

    public int inputCount() {
        return (int) inputs.head().getShape().get(0);
    }

    public float[] output() {
        return output.clone();
    }

    public Shape outputShape() {
        return outputShape;
    }

    /** Labels as class indices, one per prediction; null when none were given. */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /**
     * The output of these inputs with {@code scenario} applied, as a flat float array; the model
     * is restored afterwards.
     */
    public float[] outputUnder(FaultScenario scenario) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray head = new Injector(this).run(scenario, scope, new long[scenario.size()], new long[scenario.size()],
                    null).head();
            return (head.getDataType() == DataType.FLOAT32 ? head : head.toType(DataType.FLOAT32, false)).toFloatArray();
        }
    }

    /** SHA-256 over the inputs, the labels and the golden output. */
    public synchronized String fingerprint() {
        if (fingerprint == null) {
            try {
                java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
                for (NDArray in : inputs) {
                    digest.update(in.getShape().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    digest.update(in.toByteArray());
                }
                if (labels != null) {
                    for (int label : labels) {
                        digest.update(java.nio.ByteBuffer.allocate(4).putInt(label).array());
                    }
                }
                for (float v : output) {
                    digest.update(java.nio.ByteBuffer.allocate(4).putInt(Float.floatToRawIntBits(v)).array());
                }
                fingerprint = java.util.HexFormat.of().formatHex(digest.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return fingerprint;
    }

    /** A comparator of faulty outputs against this run. */
    OutputComparator comparator(Task task, double criticalShare) {
        if (labels != null) {
            int predictions = task.kind() == Task.Kind.SEGMENTATION
                    ? (int) (outputShape.size() / outputShape.get(1))
                    : task.kind() == Task.Kind.CLASSIFICATION ? (int) (outputShape.size() / outputShape.get(outputShape.dimension() - 1))
                    : output.length;
            if (labels.length != predictions) {
                throw new IllegalArgumentException("the labels hold " + labels.length + " values but a " + task
                        + " output of shape " + outputShape + " makes " + predictions + " predictions; give one label per "
                        + (task.kind() == Task.Kind.SEGMENTATION ? "pixel, shape (N, H, W)" : "input, shape (N)"));
            }
        }
        return new OutputComparator(task, criticalShare, output, outputShape, labels);
    }

    /** The leaf layers and their output shapes on these inputs (Java-built blocks only). */
    public synchronized List<LayerOutput> layerOutputs() {
        if (layerOutputs == null) {
            layerOutputs = model.layerOutputs(inputs);
        }
        return layerOutputs;
    }

    @Override
    public void close() {
        engineCache.close();
        manager.close();
    }
}
