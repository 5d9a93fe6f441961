package dev.seunit.model.onnx.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.apiguardian.api.API;

/**
 * Imports an ONNX file as an {@link OnnxGraph}: reads it, checks it, sorts its nodes
 * topologically, and builds the layers ({@link GraphPass}). Shape arithmetic is folded at load
 * time for the imported input shape; when the graph computes shapes from a tensor's shape (Shape
 * nodes), it is built a second time for a batch one larger, and each folded configuration value
 * that changed is kept as a function of the batch, so that the graph runs on any batch size.
 */
@API(status = INTERNAL, since = "0.1")
public final class GraphImporter {

    private static final Set<String> DEFAULT_DOMAINS = Set.of("", "ai.onnx");

    private GraphImporter() {
    }

    /**
     * The graph of {@code file}, its parameters in arrays of {@code manager}. {@code shapes}
     * gives the input shapes (batch first) when the file leaves some axis open; empty: the file's.
     */
    public static OnnxGraph load(Path file, NDManager manager, Shape... shapes) {
        String name = file.getFileName().toString();
        OnnxProto.Model model = read(file);
        long opset = opset(model, name);
        OnnxProto.Graph graph = model.graph();
        List<OnnxProto.Node> nodes = sorted(graph, name);
        List<OnnxGraph.Input> inputs = inputs(graph, name, shapes);
        boolean shapeDependent = nodes.stream().anyMatch(n -> n.opType().equals("Shape") || n.opType().equals("Size"));
        try (NDManager scratch = manager.newSubManager()) {
            GraphPass first = GraphPass.run(name, graph, nodes, inputs, opset, manager, scratch, 0, true);
            if (shapeDependent) {
                try (NDManager other = manager.newSubManager()) {
                    GraphPass second = GraphPass.run(name, graph, nodes, inputs, opset, other, other, 1, false);
                    first.batchDependence(second);
                }
            }
            List<String> outputs = graph.outputs().stream().map(OnnxProto.ValueInfo::name).toList();
            OnnxGraph built = new OnnxGraph(name, inputs, outputs, first.layers(), first.parameterNames());
            built.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                    inputs.stream().map(OnnxGraph.Input::shape).toArray(Shape[]::new));
            return built;
        }
    }

    /** The operator types SEUnit imports. */
    public static Set<String> supportedOperators() {
        return Operators.of(17).keySet();
    }

    static OnnxProto.Model read(Path file) {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxImportException("cannot read " + file.toAbsolutePath() + " (" + e.getMessage() + ")",
                    "pass the path of an .onnx file exported with torch.onnx.export or tf2onnx");
        }
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
            throw new OnnxImportException(name + " is a zip archive, not an ONNX model (a TorchScript or PyTorch "
                    + "checkpoint file?)", "load TorchScript with InjectableModel.loadTorchScript, or export the model "
                            + "with torch.onnx.export(model, example_input, \"model.onnx\")");
        }
        OnnxProto.Model model;
        try {
            model = OnnxProto.parseModel(bytes);
        } catch (IOException | RuntimeException e) {
            String reason = String.valueOf(e.getMessage()).replaceAll("\\.+$", "");
            boolean truncated = reason.contains("ended unexpectedly") || reason.contains("truncated");
            throw new OnnxImportException(name + " is not a readable ONNX model (" + (truncated ? "the file is "
                    + "truncated: " + bytes.length + " bytes; " : "") + "protobuf: " + reason + ")",
                    "export the model again with torch.onnx.export or tf2onnx, and check that the copy is complete (not "
                            + "a Git LFS pointer, say)");
        }
        if (model.irVersion() <= 0 || model.graph() == null || model.graph().nodes().isEmpty()) {
            throw new OnnxImportException(name + " is not an ONNX model (no IR version or no graph with nodes)",
                    "pass a file exported with torch.onnx.export or tf2onnx");
        }
        if (model.graph().sparseInitializers() > 0) {
            throw new OnnxImportException(name + " has sparse initializers", "export the model with dense weights");
        }
        return model;
    }

    private static long opset(OnnxProto.Model model, String name) {
        Long version = model.opsets().get("");
        if (version == null) {
            version = model.opsets().getOrDefault("ai.onnx", 0L);
        }
        if (version < 7 || version > 21) {
            throw new OnnxImportException(name + " uses ONNX opset " + version + " of the default domain",
                    "SEUnit imports opsets 7 to 21 (tested on 11 to 17, as torch.onnx.export and tf2onnx write): "
                            + "export with e.g. opset_version=14");
        }
        return version;
    }

    /** The nodes in an order where every node comes after the nodes it reads (file order where the file allows). */
    private static List<OnnxProto.Node> sorted(OnnxProto.Graph graph, String name) {
        Set<String> available = new HashSet<>();
        graph.inputs().forEach(i -> available.add(i.name()));
        graph.initializers().forEach(t -> available.add(t.name()));
        available.add("");
        List<OnnxProto.Node> pending = new ArrayList<>(graph.nodes());
        List<OnnxProto.Node> order = new ArrayList<>();
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (java.util.Iterator<OnnxProto.Node> it = pending.iterator(); it.hasNext();) {
                OnnxProto.Node node = it.next();
                if (available.containsAll(node.inputs())) {
                    if (!DEFAULT_DOMAINS.contains(node.domain())) {
                        throw new OnnxImportException(name + ": " + Nodes.describe(node) + " is from operator domain '"
                                + node.domain() + "'", "SEUnit imports the default ONNX domain; export without custom "
                                        + "operators (e.g. torch.onnx.export(..., operator_export_type=ONNX))");
                    }
                    order.add(node);
                    available.addAll(node.outputs());
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                OnnxProto.Node stuck = pending.get(0);
                List<String> missing = stuck.inputs().stream().filter(i -> !available.contains(i)).toList();
                throw new OnnxImportException(name + ": " + Nodes.describe(stuck) + " reads " + missing
                        + ", which no node, input or initializer produces (or the graph has a cycle)",
                        "the graph is malformed: export the model again");
            }
        }
        return order;
    }

    private static List<OnnxGraph.Input> inputs(OnnxProto.Graph graph, String name, Shape[] given) {
        Set<String> initializers = new HashSet<>();
        graph.initializers().forEach(t -> initializers.add(t.name()));
        List<OnnxProto.ValueInfo> declared = graph.inputs().stream().filter(i -> !initializers.contains(i.name())).toList();
        if (given.length > 0 && given.length != declared.size()) {
            throw new OnnxImportException(name + " has " + declared.size() + " input(s), but " + given.length
                    + " input shape(s) were given", "give one shape per input, batch first");
        }
        List<OnnxGraph.Input> inputs = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            OnnxProto.ValueInfo v = declared.get(i);
            if (v.elemType() != OnnxProto.FLOAT && v.elemType() != 0) {
                throw new OnnxImportException(name + ": input '" + v.name() + "' has ONNX element type "
                        + v.elemType(), "SEUnit feeds float32 inputs: export the model with a float32 input");
            }
            if (given.length > 0) {
                if (!v.dims().isEmpty() && given[i].dimension() != v.dims().size()) {
                    throw new OnnxImportException(name + ": input '" + v.name() + "' has " + v.dims().size()
                            + " axes, but the given shape " + given[i] + " has " + given[i].dimension(),
                            "give the shape with the batch axis first");
                }
                inputs.add(new OnnxGraph.Input(v.name(), given[i]));
                continue;
            }
            long[] shape = new long[v.dims().size()];
            for (int d = 0; d < shape.length; d++) {
                OnnxProto.Dim dim = v.dims().get(d);
                shape[d] = d == 0 ? Math.max(1, dim.value()) : dim.value();
                if (shape[d] < 0) {
                    throw new OnnxImportException(name + ": the size of axis " + d + " of input '" + v.name()
                            + "' is not fixed in the file" + (dim.param() != null ? " ('" + dim.param() + "')" : "")
                            + ", so the shapes of the graph cannot be inferred",
                            "import it for the size you test: InjectableModel.loadOnnx(path, new Shape(1, ...)), or "
                                    + "export with fixed sizes except the batch (dynamic_axes={'input': {0: 'batch'}})");
                }
            }
            inputs.add(new OnnxGraph.Input(v.name(), new Shape(shape)));
        }
        if (inputs.isEmpty()) {
            throw new OnnxImportException(name + " has no input", "export the model with an example input");
        }
        return inputs;
    }

    /** Unique layer names: the node's name (or first output), with a suffix when two nodes share one. */
    static Map<OnnxProto.Node, String> layerNames(List<OnnxProto.Node> nodes) {
        Map<OnnxProto.Node, String> names = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (OnnxProto.Node node : nodes) {
            String base = Nodes.layerName(node);
            int count = seen.merge(base, 1, Integer::sum);
            names.put(node, count == 1 ? base : base + "#" + count);
        }
        return names;
    }
}
