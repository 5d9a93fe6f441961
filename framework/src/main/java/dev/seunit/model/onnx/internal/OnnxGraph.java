package dev.seunit.model.onnx.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.apiguardian.api.API;

import dev.seunit.model.LayerCalls;
import dev.seunit.model.TraceableBlock;
import dev.seunit.model.internal.NamedParameters;
import dev.seunit.model.RebuildableBlock;

/**
 * An imported ONNX graph: one child block per node (a node with uneven pads has a padding layer
 * before it), run in topological order, each called through {@link LayerCalls} under the node's
 * name so that SEUnit can observe, replay and fault every node's output. Parameters are named
 * after the ONNX tensors they hold ({@link NamedParameters}). The first axis of every input is
 * the batch and may take any size; the other axes are those the graph was imported for.
 */
@API(status = INTERNAL, since = "0.1")
public final class OnnxGraph extends AbstractBlock implements TraceableBlock, RebuildableBlock, NamedParameters {

    /** One layer: its name, block, and the tensors it reads and writes. */
    record Layer(String name, Block block, List<String> inputs, List<String> outputs) {
    }

    /** A graph input and the shape it was imported for (its first axis is the batch). */
    record Input(String name, Shape shape) {
    }

    private final String source;
    private final List<Input> inputs;
    private final List<String> outputs;
    private final List<Layer> layers;
    private final Map<String, String> parameterNames;

    OnnxGraph(String source, List<Input> inputs, List<String> outputs, List<Layer> layers,
            Map<String, String> parameterNames) {
        super((byte) 1);
        this.source = source;
        this.inputs = inputs;
        this.outputs = outputs;
        this.layers = layers;
        this.parameterNames = parameterNames;
        for (Layer layer : layers) {
            children.add(layer.name(), layer.block()); // named as the node, without DJL's numbering
        }
    }

    /** The file the graph was imported from, for messages. */
    public String source() {
        return source;
    }

    @Override
    public String parameterName(String key) {
        return parameterNames.get(key);
    }

    @Override
    public Block rebuild(BiFunction<String, Block, Block> children) {
        List<Layer> rebuilt = new ArrayList<>();
        for (Layer layer : layers) {
            rebuilt.add(new Layer(layer.name(), children.apply(layer.name(), layer.block()), layer.inputs(),
                    layer.outputs()));
        }
        return new OnnxGraph(source, inputs, outputs, rebuilt, parameterNames);
    }

    /**
     * Runs of layers in which each layer's only runtime input is the output of the one before,
     * which nothing else reads: what SEUnit's transformations may treat as a chain (fold a batch
     * norm into the convolution before it, prune channels between two layers).
     */
    @Override
    public List<List<String>> sequences() {
        Map<String, Integer> readers = new HashMap<>();
        Map<String, Layer> producer = new HashMap<>();
        for (Layer layer : layers) {
            layer.inputs().forEach(t -> readers.merge(t, 1, Integer::sum));
            layer.outputs().forEach(t -> producer.put(t, layer));
        }
        outputs.forEach(t -> readers.merge(t, 1, Integer::sum));
        Map<Layer, Layer> next = new HashMap<>();
        Map<Layer, Layer> previous = new HashMap<>();
        for (Layer layer : layers) {
            if (layer.inputs().size() == 1) {
                Layer before = producer.get(layer.inputs().get(0));
                if (before != null && before.outputs().size() == 1 && readers.get(layer.inputs().get(0)) == 1) {
                    next.put(before, layer);
                    previous.put(layer, before);
                }
            }
        }
        List<List<String>> runs = new ArrayList<>();
        for (Layer layer : layers) {
            if (!previous.containsKey(layer) && next.containsKey(layer)) {
                List<String> run = new ArrayList<>();
                for (Layer l = layer; l != null; l = next.get(l)) {
                    run.add(l.name());
                }
                runs.add(run);
            }
        }
        return runs;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return forward(parameterStore, inputs, (name, child, store, in) -> child.forward(store, in, training, params));
    }

    @Override
    public NDList forward(ParameterStore parameterStore, NDList in, LayerCalls calls) {
        check(in);
        Map<String, NDArray> values = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            values.put(inputs.get(i).name(), in.get(i));
        }
        for (Layer layer : layers) {
            NDList args = new NDList(layer.inputs().size());
            for (String t : layer.inputs()) {
                args.add(values.get(t));
            }
            NDList out = calls.call(layer.name(), layer.block(), parameterStore, args);
            for (int i = 0; i < Math.min(out.size(), layer.outputs().size()); i++) {
                values.put(layer.outputs().get(i), out.get(i));
            }
        }
        NDList result = new NDList(outputs.size());
        for (String t : outputs) {
            result.add(values.get(t));
        }
        return result;
    }

    /** Inputs must have the imported shapes, except for the batch size. */
    private void check(NDList in) {
        if (in.size() != inputs.size()) {
            throw new IllegalArgumentException(source + " takes " + inputs.size() + " input(s) (" + describeInputs()
                    + "), not " + in.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            Shape expected = inputs.get(i).shape();
            Shape got = in.get(i).getShape();
            if (got.dimension() != expected.dimension() || !got.slice(1).equals(expected.slice(1))) {
                throw new IllegalArgumentException(source + " expects input '" + inputs.get(i).name() + "' of shape "
                        + batchFirst(expected) + " (any batch size N), but got " + got + ". Give inputs of that shape, "
                        + "or, if the model accepts other sizes (exported with dynamic axes), import it for yours: "
                        + "InjectableModel.loadOnnx(path, new Shape" + got + ")");
            }
        }
    }

    private String describeInputs() {
        return String.join(", ", inputs.stream().map(i -> i.name() + " " + batchFirst(i.shape())).toList());
    }

    private static String batchFirst(Shape shape) {
        return "(N" + (shape.dimension() > 1 ? ", " + shape.slice(1).toString().replaceAll("[()]", "") : "") + ")";
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        propagate(inputShapes, (block, shapes) -> block.initialize(manager, dataType, shapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return propagate(inputShapes, (block, shapes) -> {
        });
    }

    private Shape[] propagate(Shape[] inputShapes, java.util.function.BiConsumer<Block, Shape[]> before) {
        Map<String, Shape> shapes = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            shapes.put(inputs.get(i).name(), inputShapes[i]);
        }
        for (Layer layer : layers) {
            Shape[] in = layer.inputs().stream().map(shapes::get).toArray(Shape[]::new);
            before.accept(layer.block(), in);
            Shape[] out = layer.block().getOutputShapes(in);
            for (int i = 0; i < Math.min(out.length, layer.outputs().size()); i++) {
                shapes.put(layer.outputs().get(i), out[i]);
            }
        }
        return outputs.stream().map(shapes::get).toArray(Shape[]::new);
    }

    @Override
    public String toString() {
        return "OnnxGraph(" + source + ", " + layers.size() + " layers, inputs " + describeInputs() + ")";
    }
}
