package dev.seunit.model.onnx.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import dev.seunit.model.internal.GradMode;

/**
 * One build of a graph's layers for one batch size. Walks the sorted nodes with every tensor's
 * value at hand: constants (initializers and what is folded from them) as arrays, runtime tensors
 * as the outputs of the layers built so far, run on zero inputs of the imported shape (this is how
 * shapes are known, and how Shape nodes fold). A node whose inputs are all constants is folded;
 * any other node becomes one or more layers, initialized for its input shapes, with every constant
 * float operand it reads as a data input copied into a parameter named after that tensor.
 */
final class GraphPass {

    private final String file;
    private final Map<String, Operators.Op> ops;
    private final NDManager parameters;
    private final NDManager scratch;
    private final boolean loadWeights;
    private final Map<String, NDArray> constants = new HashMap<>();
    private final Map<String, NDArray> runtime = new HashMap<>();
    private final List<OnnxGraph.Layer> layers = new ArrayList<>();
    private final List<Operators.Op> layerOps = new ArrayList<>();
    /** The runtime input shapes of each layer, by layer index. */
    private final List<Shape[]> inputShapes = new ArrayList<>();
    private final Map<String, String> parameterNames = new LinkedHashMap<>();
    private final Set<String> named = new HashSet<>();
    private long batch;

    private GraphPass(String file, long opset, NDManager parameters, NDManager scratch, boolean loadWeights) {
        this.file = file;
        this.ops = Operators.of(opset);
        this.parameters = parameters;
        this.scratch = scratch;
        this.loadWeights = loadWeights;
    }

    /** Builds the layers for the imported batch plus {@code extraBatch}; without {@code loadWeights} parameters keep their initial values. */
    static GraphPass run(String file, OnnxProto.Graph graph, List<OnnxProto.Node> nodes, List<OnnxGraph.Input> inputs,
            long opset, NDManager parameters, NDManager scratch, int extraBatch, boolean loadWeights) {
        GraphPass pass = new GraphPass(file, opset, parameters, scratch, loadWeights);
        GradMode.off(() -> {
            for (OnnxProto.Tensor t : graph.initializers()) {
                pass.constants.put(t.name(), Tensors.toArray(t, scratch, file));
            }
            for (OnnxGraph.Input input : inputs) {
                long[] shape = input.shape().getShape().clone();
                shape[0] += extraBatch;
                pass.batch = shape[0];
                pass.runtime.put(input.name(), scratch.zeros(new Shape(shape)));
            }
            Map<OnnxProto.Node, String> names = GraphImporter.layerNames(nodes);
            for (OnnxProto.Node node : nodes) {
                pass.node(node, names.get(node));
            }
            for (OnnxProto.ValueInfo output : graph.outputs()) {
                if (!pass.runtime.containsKey(output.name())) {
                    throw new OnnxImportException(file + ": output '" + output.name() + "' does not depend on the "
                            + "inputs (or no node computes it)", "export the model with outputs computed from its inputs");
                }
            }
        });
        return pass;
    }

    private void node(OnnxProto.Node node, String layerName) {
        Operators.Op op = ops.get(node.opType());
        if (op == null) {
            throw new OnnxImportException(file + ": " + Nodes.describe(node) + " is an operator SEUnit does not import. "
                    + "Supported operators: " + Operators.supported(), "replace it in the model before export (or "
                            + "export at another opset, where it may be expressed with supported operators), or build "
                            + "the network in Java with DJL blocks");
        }
        boolean constant = true;
        for (String input : node.inputs()) {
            constant &= input.isEmpty() || constants.containsKey(input);
        }
        if (op.folded() || constant && op.kernel() != null) {
            fold(node, op);
            return;
        }
        if (constant) {
            throw Nodes.unsupported(node, "a layer whose inputs are all constants", "fold it before export "
                    + "(torch.onnx.export(..., do_constant_folding=True))");
        }
        List<DjlLayers.Piece> pieces = op.layer() != null ? op.layer().apply(context(node)) : null;
        if (pieces == null) {
            pieces = List.of(kernelLayer(node, op));
        }
        wire(node, layerName, op, pieces);
    }

    private NDArray value(String name) {
        NDArray a = constants.get(name);
        return a != null ? a : runtime.get(name);
    }

    private void fold(OnnxProto.Node node, Operators.Op op) {
        int n = node.inputs().size();
        NDArray[] data = new NDArray[n];
        long[][] ints = new long[n][];
        double[][] doubles = new double[n][];
        Shape[] shapes = new Shape[n];
        for (int s = 0; s < n; s++) {
            String name = node.inputs().get(s);
            if (name.isEmpty()) {
                continue;
            }
            data[s] = value(name);
            if (op.isConfig(s)) {
                ints[s] = Tensors.longs(data[s]);
                doubles[s] = Tensors.doubles(data[s]);
                shapes[s] = data[s].getShape();
            }
        }
        NDList out = op.kernel().apply(new Kernel.Args(node, data, ints, doubles, shapes, scratch));
        for (int i = 0; i < node.outputs().size() && i < out.size(); i++) {
            if (!node.outputs().get(i).isEmpty()) {
                NDArray a = out.get(i);
                a.attach(scratch);
                constants.put(node.outputs().get(i), a);
            }
        }
    }

    private DjlLayers.Context context(OnnxProto.Node node) {
        return new DjlLayers.Context() {
            @Override
            public OnnxProto.Node node() {
                return node;
            }

            @Override
            public boolean has(int slot) {
                return slot < node.inputs().size() && !node.inputs().get(slot).isEmpty();
            }

            @Override
            public NDArray constant(int slot) {
                return has(slot) ? constants.get(node.inputs().get(slot)) : null;
            }

            @Override
            public Shape shape(int slot) {
                return value(node.inputs().get(slot)).getShape();
            }
        };
    }

    /** The node as a {@link NodeBlock} of its operator's kernel. */
    private DjlLayers.Piece kernelLayer(OnnxProto.Node node, Operators.Op op) {
        int n = node.inputs().size();
        NodeBlock.Slot[] slots = new NodeBlock.Slot[n];
        Shape[] parameterShapes = new Shape[n];
        long[][] constantValues = new long[n][];
        Shape[] constantShapes = new Shape[n];
        long[][] ints = new long[n][];
        double[][] doubles = new double[n][];
        Shape[] configShapes = new Shape[n];
        Map<String, DjlLayers.Source> sources = new LinkedHashMap<>();
        for (int s = 0; s < n; s++) {
            String name = node.inputs().get(s);
            NDArray c = name.isEmpty() ? null : constants.get(name);
            if (name.isEmpty()) {
                slots[s] = NodeBlock.Slot.ABSENT;
            } else if (op.isConfig(s)) {
                if (c == null) {
                    throw Nodes.unsupported(node, "input " + s + " ('" + name + "') computed from the data at run time",
                            "SEUnit needs shapes, axes, pads and scales known at load time: export with static shapes "
                                    + "(no dynamic axes but the batch) and constant folding on");
                }
                slots[s] = NodeBlock.Slot.CONFIG;
                ints[s] = Tensors.longs(c);
                doubles[s] = Tensors.doubles(c);
                configShapes[s] = c.getShape();
            } else if (c == null) {
                slots[s] = NodeBlock.Slot.RUNTIME;
            } else if (Tensors.isFloat(c)) {
                slots[s] = NodeBlock.Slot.PARAMETER;
                parameterShapes[s] = c.getShape();
                sources.put(NodeBlock.parameterKey(s), DjlLayers.Source.of(s));
            } else {
                slots[s] = NodeBlock.Slot.CONSTANT;
                constantValues[s] = Tensors.longs(c);
                constantShapes[s] = c.getShape();
            }
        }
        return new DjlLayers.Piece("", new NodeBlock(node, op.kernel(), slots, parameterShapes, constantValues,
                constantShapes, ints, doubles, configShapes), sources);
    }

    private void wire(OnnxProto.Node node, String layerName, Operators.Op op, List<DjlLayers.Piece> pieces) {
        List<String> in = node.inputs().stream().filter(runtime::containsKey).toList();
        for (int k = 0; k < pieces.size(); k++) {
            DjlLayers.Piece piece = pieces.get(k);
            String child = layerName + piece.suffix();
            List<String> out = k == pieces.size() - 1 ? node.outputs() : List.of(child + ":out");
            Shape[] shapes = in.stream().map(t -> runtime.get(t).getShape()).toArray(Shape[]::new);
            Block block = piece.block();
            block.initialize(parameters, DataType.FLOAT32, shapes);
            for (Map.Entry<String, DjlLayers.Source> e : piece.parameters().entrySet()) {
                load(node, child, block.getDirectParameters().get(e.getKey()), e.getKey(), e.getValue());
            }
            NDList args = new NDList();
            in.forEach(t -> args.add(runtime.get(t)));
            NDList result = block.forward(new ParameterStore(scratch, false), args, false);
            for (int i = 0; i < Math.min(out.size(), result.size()); i++) {
                if (!out.get(i).isEmpty()) {
                    runtime.put(out.get(i), result.get(i));
                }
            }
            layers.add(new OnnxGraph.Layer(child, block, in, out));
            layerOps.add(block instanceof NodeBlock ? op : null);
            inputShapes.add(shapes);
            in = out;
        }
    }

    private void load(OnnxProto.Node node, String child, Parameter parameter, String key, DjlLayers.Source source) {
        String tensor = node.inputs().get(source.slot());
        NDArray value = source.transform().apply(constants.get(tensor)).toType(DataType.FLOAT32, false);
        NDArray array = parameter.getArray();
        if (!value.getShape().equals(array.getShape())) {
            throw new OnnxImportException(file + ": " + Nodes.describe(node) + " reads '" + tensor + "' of shape "
                    + value.getShape() + " where its layer needs " + array.getShape(), "the graph is inconsistent: "
                            + "export the model again");
        }
        if (loadWeights) {
            array.set(value.toFloatArray());
        }
        // a tensor read by several layers (tied weights) is injected per reading layer
        String name = named.add(tensor) ? tensor : tensor + "@" + child;
        parameterNames.put(child + "_" + key, name);
    }

    /**
     * Compares this pass with {@code other}, built for a batch one larger: each folded
     * configuration value that changed becomes a function of the batch in this pass's layers.
     */
    void batchDependence(GraphPass other) {
        for (int l = 0; l < layers.size(); l++) {
            if (!(layers.get(l).block() instanceof NodeBlock)) {
                continue;
            }
            NodeBlock here = (NodeBlock) layers.get(l).block();
            NodeBlock there = (NodeBlock) other.layers.get(l).block();
            for (int s = 0; s < here.slotCount(); s++) {
                if (here.slot(s) != NodeBlock.Slot.CONFIG || Arrays.equals(here.configInts(s), there.configInts(s))) {
                    continue;
                }
                long[] a = here.configInts(s);
                long[] b = there.configInts(s);
                long[] coefficients = new long[a.length];
                long[] offsets = new long[a.length];
                for (int i = 0; i < a.length; i++) {
                    coefficients[i] = b[i] - a[i];
                    offsets[i] = a[i] - coefficients[i] * batch;
                }
                int[] source = batchAxis(l, other);
                if (source == null) {
                    throw new OnnxImportException(file + ": " + Nodes.describe(here.node()) + " has a shape computed "
                            + "from the batch size but reads no tensor whose first axis is the batch",
                            "export with a fixed batch size and test with that batch size");
                }
                System.arraycopy(offsets, 0, a, 0, a.length);
                here.batchDependent(s, coefficients, source[0], source[1]);
            }
        }
    }

    /** The runtime slot and axis of layer {@code l} whose size is the batch (this pass's and {@code other}'s). */
    private int[] batchAxis(int l, GraphPass other) {
        NodeBlock block = (NodeBlock) layers.get(l).block();
        Shape[] here = inputShapes.get(l);
        Shape[] there = other.inputShapes.get(l);
        int r = 0;
        for (int s = 0; s < block.slotCount(); s++) {
            if (block.slot(s) != NodeBlock.Slot.RUNTIME) {
                continue;
            }
            for (int axis = 0; axis < here[r].dimension(); axis++) {
                if (here[r].get(axis) == batch && there[r].get(axis) == other.batch) {
                    return new int[] {s, axis};
                }
            }
            r++;
        }
        return null;
    }

    /** The layers, nodes without state as DJL LambdaBlocks named as SEUnit's transformations know them. */
    List<OnnxGraph.Layer> layers() {
        List<OnnxGraph.Layer> result = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            OnnxGraph.Layer layer = layers.get(l);
            Operators.Op op = layerOps.get(l);
            if (layer.block() instanceof NodeBlock && ((NodeBlock) layer.block()).isStateless()) {
                NodeBlock block = (NodeBlock) layer.block();
                layer = new OnnxGraph.Layer(layer.name(), block.asLambda(op.name().apply(block)), layer.inputs(),
                        layer.outputs());
            }
            result.add(layer);
        }
        return result;
    }

    Map<String, String> parameterNames() {
        return parameterNames;
    }
}
