package dev.seunit.model;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.MAINTAINED;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.apiguardian.api.API;

import dev.seunit.fault.NumberFormat;
import dev.seunit.model.internal.NamedParameters;
import dev.seunit.model.internal.ParameterTensor;
import dev.seunit.model.internal.GradMode;
import dev.seunit.model.internal.Tracer;
import dev.seunit.model.onnx.OnnxImport;

/**
 * A DJL model whose parameters SEUnit may corrupt and restore in place: a Java-built
 * {@link Block}, an ONNX file imported into DJL blocks, or a TorchScript file loaded by the
 * PyTorch engine. Never copied: every
 * write is undone by the caller (campaigns do so in {@code finally} and verify
 * {@link #checksum()}). Not thread-safe: one campaign at a time per instance.
 */
@API(status = MAINTAINED, since = "0.1")
public final class InjectableModel implements AutoCloseable {

    static {
        // Nothing is ever downloaded: DJL must use the native libraries on the class path.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private static final Set<DataType> INJECTABLE = Set.of(DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16,
            DataType.INT8, DataType.INT32);

    private static final java.util.regex.Pattern NORM_LAYER = java.util.regex.Pattern.compile("(?i)(^|[._])(bn|batch_?norm|norm)\\d*($|[._])");

    private final String name;
    private final Block block;
    /** What this object loaded and closes with itself (a TorchScript Model, an imported graph's arrays), or null. */
    private final AutoCloseable owned;
    private final NDManager manager;
    private final Map<String, Parameter> parametersByName = new LinkedHashMap<>();
    private final List<ParameterInfo> parameters = new ArrayList<>();
    private final Map<String, ParameterInfo> infoByName = new HashMap<>();
    /** Each injectable parameter by its DJL path ({@code layer_key}), for the engine's layer calls. */
    private final Map<String, ParameterInfo> infoByPath = new HashMap<>();

    private InjectableModel(String name, Block block, AutoCloseable owned) {
        // PtSymbolBlock reports itself uninitialized even when loaded: ask its parameters.
        boolean initialized = block instanceof PtSymbolBlock ? !block.getParameters().isEmpty()
                && block.getParameters().values().stream().allMatch(p -> p.getArray() != null) : block.isInitialized();
        if (!initialized) {
            throw new IllegalArgumentException("block " + name + " is not initialized: call block.initialize(manager, "
                    + "DataType.FLOAT32, inputShape) or load trained parameters before testing it");
        }
        this.name = name;
        this.block = block;
        this.owned = owned;
        this.manager = NDManager.newBaseManager("PyTorch");
        inventory();
    }

    /** A Java-built block with initialized (ideally trained) parameters. */
    public static InjectableModel of(Block block) {
        return of(block.getClass().getSimpleName(), block);
    }

    public static InjectableModel of(String name, Block block) {
        return new InjectableModel(name, block, null);
    }

    /** A loaded DJL model; the caller keeps ownership and closes it. */
    public static InjectableModel of(Model model) {
        return new InjectableModel(model.getName(), model.getBlock(), null);
    }

    /**
     * Imports an ONNX file into DJL blocks on the PyTorch engine (see {@link OnnxImport}): every
     * SEUnit feature works on it. Parameters are named after the ONNX tensors (as in PyTorch's
     * {@code state_dict} when exported with {@code training=TrainingMode.PRESERVE}), layers after
     * the nodes. The inputs' first axis is the batch, of any size; the other axes must be fixed in
     * the file (else use {@link #loadOnnx(Path, Shape...)}). The model is closed with this object.
     *
     * @throws IllegalArgumentException naming the file, the problem and the fix (missing, truncated
     *     or not ONNX, external weights, an unsupported operator, shapes that cannot be inferred)
     */
    public static InjectableModel loadOnnx(Path file) {
        return loadOnnx(file, new Shape[0]);
    }

    /** {@link #loadOnnx(Path)} for the given input shapes (batch first), for files with open (dynamic) axes. */
    public static InjectableModel loadOnnx(Path file, Shape... inputShapes) {
        NDManager arrays = NDManager.newBaseManager("PyTorch");
        try {
            Block graph = OnnxImport.graph(file, arrays, inputShapes);
            String fileName = file.getFileName().toString();
            return new InjectableModel(fileName.endsWith(".onnx") ? fileName.substring(0, fileName.length() - 5)
                    : fileName, graph, arrays);
        } catch (RuntimeException e) {
            arrays.close();
            throw e;
        }
    }

    /**
     * Loads a TorchScript file with the PyTorch engine, with parameters that can be edited in
     * place (the {@code trainParam} option). The model is closed with this object.
     */
    public static InjectableModel loadTorchScript(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript file " + file.toAbsolutePath() + " does not exist; pass the "
                    + "path of a .pt file saved with torch.jit.save");
        }
        String fileName = file.getFileName().toString();
        String modelName = fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName;
        Model model = Model.newInstance(modelName, "PyTorch");
        try {
            // Without trainParam the parameters are inference tensors and in-place edits fail.
            model.load(file.toAbsolutePath().getParent(), fileName, Map.of("trainParam", "true"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException("cannot load " + file.toAbsolutePath() + " as TorchScript: " + e.getMessage()
                    + ". Save the model with torch.jit.save(torch.jit.script(model), path)", e);
        }
        return new InjectableModel(modelName, model.getBlock(), model);
    }

    private void inventory() {
        List<Pair<String, Parameter>> all = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            all.add(p);
        }
        boolean torchScript = isTorchScript();
        // TorchScript hides batch-norm buffers from DJL, so a norm layer is also known by its name.
        NamedParameters named = block instanceof NamedParameters ? (NamedParameters) block : null;
        Set<Parameter> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<String> batchNormLayers = all.stream()
                .filter(p -> p.getValue().getType() == Parameter.Type.RUNNING_VAR || p.getKey().endsWith("running_var")
                        || torchScript && p.getValue().getArray().getShape().dimension() == 1
                                && NORM_LAYER.matcher(layerOf(p.getKey(), true)).find())
                .map(p -> layerOf(p.getKey(), torchScript)).collect(Collectors.toSet());
        for (Pair<String, Parameter> p : all) {
            NDArray array = p.getValue().getArray();
            if (!INJECTABLE.contains(array.getDataType()) || !seen.add(p.getValue())) {
                continue; // e.g. int64 num_batches_tracked: not a stored model value worth faulting; or listed twice
            }
            String layer = layerOf(p.getKey(), torchScript);
            ParameterKind kind = kindOf(p.getKey(), p.getValue().getType(), batchNormLayers.contains(layer));
            String given = named == null ? null : named.parameterName(p.getKey());
            String parameterName = given != null ? given : p.getKey();
            ParameterInfo info = new ParameterInfo(parameterName, layer, kind, array.getShape(), array.getDataType());
            parameters.add(info);
            infoByName.put(info.name(), info);
            infoByPath.put(p.getKey(), info);
            parametersByName.put(parameterName, p.getValue());
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no parameters SEUnit can inject into");
        }
    }

    private static String layerOf(String parameterName, boolean torchScript) {
        int cut = parameterName.lastIndexOf(torchScript ? '.' : '_');
        return cut > 0 ? parameterName.substring(0, cut) : parameterName;
    }

    private static ParameterKind kindOf(String name, Parameter.Type type, boolean inBatchNorm) {
        String suffix = name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('_')) + 1).toLowerCase();
        if (type == Parameter.Type.GAMMA || inBatchNorm && suffix.equals("weight")) {
            return ParameterKind.BN_GAMMA;
        }
        if (type == Parameter.Type.BETA || inBatchNorm && suffix.equals("bias")) {
            return ParameterKind.BN_BETA;
        }
        if (type == Parameter.Type.RUNNING_MEAN || name.endsWith("running_mean") || suffix.equals("runningmean")) {
            return ParameterKind.BN_RUNNING_MEAN;
        }
        if (type == Parameter.Type.RUNNING_VAR || name.endsWith("running_var") || suffix.equals("runningvar")) {
            return ParameterKind.BN_RUNNING_VAR;
        }
        if (type == Parameter.Type.BIAS || suffix.equals("bias")) {
            return ParameterKind.BIAS;
        }
        if (type == Parameter.Type.WEIGHT || suffix.equals("weight")) {
            return ParameterKind.WEIGHT;
        }
        return ParameterKind.OTHER;
    }

    public String name() {
        return name;
    }

    public Block block() {
        return block;
    }

    /** The manager SEUnit uses for scratch arrays of this model. */
    public NDManager manager() {
        return manager;
    }

    public boolean isTorchScript() {
        return block instanceof PtSymbolBlock;
    }

    /** Whether SEUnit can see the output of each layer (Java-built sequential or traceable blocks, imported ONNX graphs). */
    public boolean isTraceable() {
        return Tracer.canTrace(block);
    }

    /** Every injectable parameter tensor, in the model's order. */
    public List<ParameterInfo> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    public ParameterInfo parameter(String parameterName) {
        ParameterInfo info = infoByName.get(parameterName); // called for every fault: a map, not a scan
        if (info == null) {
            throw new IllegalArgumentException("model " + name + " has no parameter '" + parameterName + "'. Parameters are: "
                    + parameters.stream().map(ParameterInfo::name).collect(Collectors.joining(", ")));
        }
        return info;
    }

    /**
     * The injectable parameter {@code key} of the block that {@code layer} calls (as the engine
     * sees a layer call: its layer name and the block's own parameter names), or null.
     */
    @API(status = INTERNAL, since = "0.1")
    public ParameterInfo parameterAt(String layer, String key) {
        return infoByPath.get(layer + "_" + key);
    }

    /** The parameters whose name or layer matches {@code pattern}; matching nothing is an error that lists the names. */
    public List<ParameterInfo> selectParameters(String pattern) {
        return NamePattern.of(pattern).select(parameters, p -> List.of(p.name(), p.layer()), "parameter");
    }

    /** Reads one stored word of a parameter. */
    public long readWord(ParameterInfo parameter, long flatIndex) {
        return GradMode.off(() -> {
            try (NDManager scratch = manager.newSubManager()) {
                return ParameterTensor.readWord(arrayOf(parameter),
                        ParameterTensor.indexOf(parameter.shape(), flatIndex), parameter.format(), scratch);
            }
        });
    }

    /** Overwrites one stored word of a parameter in place. The caller must restore it. */
    public void writeWord(ParameterInfo parameter, long flatIndex, long word) {
        GradMode.off(() -> {
            try (NDManager scratch = manager.newSubManager()) {
                ParameterTensor.writeWord(arrayOf(parameter), ParameterTensor.indexOf(parameter.shape(), flatIndex),
                        parameter.format(), word, scratch);
            }
            return null;
        });
    }

    public double readValue(ParameterInfo parameter, long flatIndex) {
        return parameter.format().decode(readWord(parameter, flatIndex));
    }

    NDArray arrayOf(ParameterInfo parameter) {
        return parametersByName.get(parameter.name()).getArray();
    }

    /** All values of a parameter as doubles (for distributions and tests). */
    public double[] values(ParameterInfo parameter) {
        NDArray array = arrayOf(parameter);
        NumberFormat format = parameter.format();
        if (format == NumberFormat.FLOAT32) {
            float[] f = array.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        try (NDArray asDouble = array.toType(DataType.FLOAT64, true)) {
            return asDouble.toDoubleArray();
        }
    }

    /** SHA-256 over the names and bytes of every parameter: equal before and after a campaign, or the model was corrupted. */
    public String checksum() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ParameterInfo p : parameters) {
                digest.update(p.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(arrayOf(p).toByteArray());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One inference on {@code inputs}, without gradients. Outputs belong to the inputs' manager. */
    public NDList forward(NDList inputs) {
        return GradMode.off(
                () -> block.forward(new ParameterStore(inputs.head().getManager(), false), inputs, false));
    }

    /** The leaf layers of a traceable model and the shapes of their outputs for {@code inputs}. */
    public List<LayerOutput> layerOutputs(NDList inputs) {
        List<LayerOutput> outputs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(inputs);
            Tracer.forward(this, inputs, (layer, out) -> {
                if (seen.merge(layer, 1, Integer::sum) == 1) {
                    outputs.add(new LayerOutput(layer, out.head().getShape(), out.head().getDataType()));
                }
                return out;
            });
        }
        return outputs;
    }

    public void requireTraceable() {
        if (!isTraceable()) {
            throw new UnsupportedOperationException("model " + name + " is a " + block.getClass().getSimpleName()
                    + ": layer outputs (activation faults, error propagation) need a Java-built SequentialBlock, a"
                    + " block implementing dev.seunit.model.TraceableBlock, or an ONNX file (InjectableModel.loadOnnx);"
                    + " parameter faults work on any model: use target = FaultTarget.PARAMETERS");
        }
    }

    @Override
    public void close() {
        manager.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (" + parameters.size() + " parameter tensors, "
                + parameters.stream().mapToLong(ParameterInfo::elementCount).sum() + " values)";
    }
}
