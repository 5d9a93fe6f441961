package dev.seunit.model.onnx.internal;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import dev.seunit.model.RebuildableBlock;

/**
 * The layer of an operator DJL has no block for: its {@link Kernel} applied to the node's
 * runtime inputs, its constant float operands (held as parameters {@code in<slot>}, read
 * through the parameter store so that SEUnit can fault them), its other constants, and its
 * configuration. A configuration value derived from the batch size at load time (a reshape to
 * {@code [N, -1]}) is kept as {@code a * N + b} and computed from the batch of each call.
 */
final class NodeBlock extends AbstractBlock implements RebuildableBlock {

    enum Slot { RUNTIME, PARAMETER, CONSTANT, CONFIG, ABSENT }

    private final OnnxProto.Node node;
    private final Kernel kernel;
    private final Slot[] slots;
    private final Parameter[] parameters;
    private final Shape[] parameterShapes;
    /** CONSTANT slots: non-float values (indices, say) kept in Java so that no array outlives its manager. */
    private final long[][] constants;
    private final Shape[] constantShapes;
    private final long[][] ints;
    private final double[][] doubles;
    private final Shape[] configShapes;
    /** Per CONFIG slot (or null), the batch coefficient of each value; the value is then {@code a * N + ints}. */
    private final long[][] batchCoefficients;
    private int batchSlot = -1;
    private int batchAxis = -1;

    NodeBlock(OnnxProto.Node node, Kernel kernel, Slot[] slots, Shape[] parameterShapes, long[][] constants,
            Shape[] constantShapes, long[][] ints, double[][] doubles, Shape[] configShapes) {
        super((byte) 1);
        this.node = node;
        this.kernel = kernel;
        this.slots = slots;
        this.parameterShapes = parameterShapes;
        this.constants = constants;
        this.constantShapes = constantShapes;
        this.ints = ints;
        this.doubles = doubles;
        this.configShapes = configShapes;
        this.batchCoefficients = new long[slots.length][];
        this.parameters = new Parameter[slots.length];
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] == Slot.PARAMETER) {
                parameters[s] = addParameter(Parameter.builder().setName(parameterKey(s)).setType(Parameter.Type.OTHER)
                        .optInitializer(new ConstantInitializer(0)).build());
            }
        }
    }

    static String parameterKey(int slot) {
        return "in" + slot;
    }

    Slot slot(int s) {
        return slots[s];
    }

    OnnxProto.Node node() {
        return node;
    }

    long[] configInts(int s) {
        return ints[s];
    }

    /** The values of configuration slot {@code s}, or null when the node has no such input. */
    double[] configDoubles(int s) {
        return s < slots.length && slots[s] == Slot.CONFIG ? doubles[s] : null;
    }

    int slotCount() {
        return slots.length;
    }

    /**
     * Makes CONFIG slot {@code s} depend on the batch: value = coefficients * N + the value held,
     * with N the size of axis {@code axis} of runtime input slot {@code source}.
     */
    void batchDependent(int s, long[] coefficients, int source, int axis) {
        batchCoefficients[s] = coefficients;
        batchSlot = source;
        batchAxis = axis;
    }

    boolean isStateless() {
        return parameters().isEmpty() && Arrays.stream(batchCoefficients).allMatch(c -> c == null)
                && Arrays.stream(slots).noneMatch(s -> s == Slot.CONSTANT);
    }

    private java.util.List<Parameter> parameters() {
        return getDirectParameters().values();
    }

    /** The same computation as a stateless DJL LambdaBlock named {@code name} (for layers SEUnit knows by name). */
    Block asLambda(String name) {
        return new LambdaBlock(in -> compute(in, null), name);
    }

    @Override
    public Block rebuild(BiFunction<String, Block, Block> children) {
        NodeBlock copy = new NodeBlock(node, kernel, slots, parameterShapes, constants, constantShapes, ints, doubles,
                configShapes);
        System.arraycopy(batchCoefficients, 0, copy.batchCoefficients, 0, slots.length);
        copy.batchSlot = batchSlot;
        copy.batchAxis = batchAxis;
        return copy;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        for (int s = 0; s < slots.length; s++) {
            if (parameters[s] != null) {
                parameters[s].setShape(parameterShapes[s]);
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return compute(inputs, s -> parameterStore.getValue(parameters[s], inputs.head().getDevice(), training));
    }

    /** The kernel on {@code runtime} inputs, with parameter slot values from {@code parameter}. */
    NDList compute(NDList runtime, IntFunction<NDArray> parameter) {
        NDManager manager = runtime.head().getManager();
        NDArray[] data = new NDArray[slots.length];
        long[][] config = new long[slots.length][];
        int next = 0;
        for (int s = 0; s < slots.length; s++) {
            switch (slots[s]) {
                case RUNTIME -> data[s] = runtime.get(next++);
                case PARAMETER -> data[s] = inScope(parameter.apply(s), manager);
                case CONSTANT -> data[s] = manager.create(constants[s], constantShapes[s]);
                case CONFIG -> config[s] = resolve(s, runtime);
                default -> {
                }
            }
        }
        NDList out = kernel.apply(new Kernel.Args(node, data, config, doubles, configShapes, manager));
        for (int i = 0; i < out.size(); i++) {
            NDArray o = out.get(i);
            for (int s = 0; s < slots.length; s++) {
                if (o == data[s] && slots[s] != Slot.RUNTIME) {
                    out.set(i, o.duplicate()); // never hand out (a view of) a parameter itself
                }
            }
        }
        return out;
    }

    /**
     * A view of {@code parameter} (its storage, not a copy) that belongs to {@code scope}: what a
     * kernel computes from it then belongs to the call's scope too, never to the model's
     * long-lived manager, where every forward pass would leave arrays behind.
     */
    static NDArray inScope(NDArray parameter, NDManager scope) {
        NDArray view = parameter.reshape(parameter.getShape());
        view.attach(scope);
        return view;
    }

    private long[] resolve(int s, NDList runtime) {
        long[] a = batchCoefficients[s];
        if (a == null) {
            return ints[s];
        }
        long n = runtime.get(runtimeIndex(batchSlot)).getShape().get(batchAxis);
        long[] v = ints[s].clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += a[i] * n;
        }
        return v;
    }

    private int runtimeIndex(int slot) {
        int r = 0;
        for (int s = 0; s < slot; s++) {
            r += slots[s] == Slot.RUNTIME ? 1 : 0;
        }
        return r;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        try (NDManager scratch = NDManager.newBaseManager("PyTorch")) {
            NDList zeros = new NDList();
            for (Shape shape : inputShapes) {
                zeros.add(scratch.zeros(shape));
            }
            NDList out = compute(zeros, s -> scratch.zeros(parameterShapes[s], DataType.FLOAT32));
            return out.stream().map(NDArray::getShape).toArray(Shape[]::new);
        }
    }

    @Override
    public String toString() {
        return node.opType() + "(" + Nodes.layerName(node) + ")";
    }
}
