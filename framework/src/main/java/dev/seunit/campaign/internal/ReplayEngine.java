package dev.seunit.campaign.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import dev.seunit.campaign.Execution;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.ModelCorruptedException;
import dev.seunit.campaign.Outcome;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;

/**
 * Runs a campaign's scenarios the way its {@link Execution} asks. The golden output of every
 * leaf layer call is recorded once (one traced inference), so that a single fault in layer L
 * replays the cached outputs of the calls before L and computes only from L on (prefix reuse),
 * and is MASKED without running the rest when L's output is bit-identical to golden (early
 * masking). {@link Execution#FAST} also stacks the faulty outputs of up to {@link #MAX_ROWS}
 * rows' worth of faults of one layer and runs the rest of the network once for all of them, and
 * computes conv/linear weight and bias faults as a {@link LayerDelta}; the faults whose delta is
 * not trusted share real-layer runs, one per round of distinct output channels, with the faulty
 * weights handed to the layer through its parameter store. Batches run side by side on
 * {@link #LANES_PROPERTY} threads (faulty layer outputs, then the stacked suffix), each with its
 * own copy of the trace and one torch thread per op; a fault that can only be computed by
 * writing its word into the model (a layer that does not read its parameters through the
 * store) is computed on the caller's thread once no batch is in flight. FAST decides what it can
 * at {@link Checkpoints} on the way; the faults left there are queued per checkpoint and resumed
 * from it in full batches. What the shortcuts do not cover runs on the {@link Injector}: one full
 * inference per scenario.
 *
 * <p>Where FAST's time goes (all-bits weight faults on the example U-Net, 4 inputs, 2 cores, 80% of
 * the faults decided at checkpoints): the stacked suffixes take about 80% of the measured CPU
 * time (a sixth of it the checkpoint decisions), the faulty layer outputs about 14%, output
 * comparisons about 4%; both cores stay busy. See {@link #COUNTERS} and the README's Throughput section.
 *
 * <p>Every temporary array lives in a sub-manager closed after each scenario or batch; the
 * recorded trace lives in this engine's manager (the copies in sub-managers of it), closed with
 * it. Cached arrays are attached to each scope for its lifetime so that what is computed from
 * them belongs to the scope.
 */
public final class ReplayEngine implements AutoCloseable {

    /** Rows (faults x golden inputs) a batch aims for: 128 rows were no faster per row on CPU. */
    static final int MAX_ROWS = 64;

    /**
     * A delta that moves some output value it touches by fewer than this many units in the last
     * place is not trusted: whether such a change survives (MASKED or not) depends on the order
     * in which the real layer sums its products, so the layer runs instead.
     */
    static final long DELTA_MIN_ULPS = 4;

    /**
     * System property: how many stacked suffixes FAST runs side by side, each on its own thread
     * with its own copy of the trace and one torch thread per op as in the golden run (default:
     * the available processors; 1 runs them on the caller's thread). The records do not depend on
     * it: every op computes what it computes on the caller's thread.
     */
    public static final String LANES_PROPERTY = "seunit.fast.lanes";

    /** What the engines of this JVM did, for benchmarks and diagnostics. */
    public static final class Counters {
        public final AtomicLong naive = new AtomicLong();
        public final AtomicLong replayed = new AtomicLong();
        public final AtomicLong batched = new AtomicLong();
        public final AtomicLong earlyMasked = new AtomicLong();
        public final AtomicLong deltas = new AtomicLong();
        public final AtomicLong batches = new AtomicLong();
        public final AtomicLong batchRetries = new AtomicLong();
        /** Faults whose layer output came from running the real layer (no delta, or a delta not trusted). */
        public final AtomicLong realLayer = new AtomicLong();
        /** Runs of a real layer for those faults (several faults in distinct output channels share one). */
        public final AtomicLong realLayerRuns = new AtomicLong();
        /** Of those, faults whose word was written into the model (a layer that does not read it through the store). */
        public final AtomicLong modelWrites = new AtomicLong();
        /**
         * Nanoseconds in batches: faulty layer outputs, the stacked suffix forward (with the
         * decisions at checkpoints, also counted on their own), reading and comparing outputs.
         */
        public final AtomicLong nanosFaulty = new AtomicLong();
        public final AtomicLong nanosRealLayer = new AtomicLong();
        public final AtomicLong nanosSuffix = new AtomicLong();
        public final AtomicLong nanosRead = new AtomicLong();
        public final AtomicLong nanosCompare = new AtomicLong();
        public final AtomicLong nanosDecide = new AtomicLong();
        /** Faults decided at a checkpoint (see {@link Checkpoints}): bit-identical there (MASKED), or certified BENIGN. */
        public final AtomicLong maskedAtCheckpoints = new AtomicLong();
        public final AtomicLong certified = new AtomicLong();
        /** Batches that stopped at a checkpoint, and faults resumed from one in a later batch. */
        public final AtomicLong stopped = new AtomicLong();
        public final AtomicLong resumed = new AtomicLong();
        /** Nanoseconds finding checkpoints: cuts and certified radii. */
        public final AtomicLong nanosCheckpoints = new AtomicLong();

        public void reset() {
            for (AtomicLong c : List.of(naive, replayed, batched, earlyMasked, deltas, batches, batchRetries, realLayer, realLayerRuns, modelWrites,
                    nanosFaulty, nanosRealLayer, nanosSuffix, nanosRead, nanosCompare, nanosDecide, maskedAtCheckpoints, certified,
                    stopped, resumed, nanosCheckpoints)) {
                c.set(0);
            }
        }

        @Override
        public String toString() {
            return "naive " + naive + ", replayed " + replayed + ", batched " + batched + " in " + batches
                    + " batches (" + batchRetries + " retried one by one), early-masked " + earlyMasked + ", deltas "
                    + deltas + ", real layer " + realLayer + " in " + realLayerRuns
                    + " runs (" + modelWrites + " written into the model); ms in batches: faulty outputs " + nanosFaulty.get() / 1_000_000
                    + " (real layer " + nanosRealLayer.get() / 1_000_000 + "), suffix " + nanosSuffix.get() / 1_000_000 + " (checkpoint decisions " + nanosDecide.get() / 1_000_000 + ")"
                    + ", reading outputs " + nanosRead.get() / 1_000_000 + ", comparing " + nanosCompare.get() / 1_000_000
                    + "; at checkpoints: masked " + maskedAtCheckpoints + ", certified " + certified + ", batches stopped "
                    + stopped + ", faults resumed " + resumed + ", ms finding checkpoints " + nanosCheckpoints.get() / 1_000_000;
        }
    }

    public static final Counters COUNTERS = new Counters();

    /** Receives each record with its position in the list being run. */
    @FunctionalInterface
    public interface Sink {
        void accept(int position, InjectionRecord record);
    }

    /** One recorded leaf layer call of the golden forward pass. */
    private static final class Call {
        final int index;
        final String layer;
        final Block block;
        final NDList inputs;
        final NDList output;
        byte[][] outBytes;
        int[] outBits;
        float[] inValues;

        Call(int index, String layer, Block block, NDList inputs, NDList output) {
            this.index = index;
            this.layer = layer;
            this.block = block;
            this.inputs = inputs;
            this.output = output;
        }

        synchronized byte[][] outBytes() {
            if (outBytes == null) {
                outBytes = new byte[output.size()][];
                for (int i = 0; i < output.size(); i++) {
                    outBytes[i] = output.get(i).toByteArray();
                }
            }
            return outBytes;
        }

        /** Whether the output is one float32 array with one row per golden input. */
        boolean batchable(int inputs) {
            return output.size() == 1 && output.head().getDataType() == DataType.FLOAT32
                    && output.head().getShape().dimension() >= 1 && output.head().getShape().get(0) == inputs;
        }

        synchronized int[] outBits() {
            if (outBits == null) {
                outBits = bits(outBytes()[0]);
            }
            return outBits;
        }

        synchronized float[] inValues() {
            if (inValues == null) {
                inValues = inputs.head().toFloatArray();
            }
            return inValues;
        }
    }

    /** The arrays a stacked suffix reads: the trace itself, or a copy of it for one suffix thread. */
    private static final class Lane {
        final NDManager manager;
        final NDList[] inputs;
        final NDList[] outputs;
        final NDList goldenInputs;
        final List<NDArray> cached;
        /** Golden outputs tiled for a batch, per call and batch size ({@link #batchKey}). */
        final Map<Long, NDList> tiled;
        /** Null without checkpoints. */
        final Checkpoints checkpoints;
        /** A fault's rows at a checkpoint, read by {@link #decide}. */
        private int[] row = new int[0];

        Lane(NDManager manager, NDList[] inputs, NDList[] outputs, NDList goldenInputs, List<NDArray> cached,
                Map<Long, NDList> tiled, Checkpoints.Shared checkpoints, InjectableModel model) {
            this.manager = manager;
            this.inputs = inputs;
            this.outputs = outputs;
            this.goldenInputs = goldenInputs;
            this.cached = cached;
            this.tiled = tiled;
            this.checkpoints = checkpoints == null ? null : new Checkpoints(checkpoints, model, goldenInputs, outputs);
        }

        int[] row(int size) {
            if (row.length < size) {
                row = new int[size];
            }
            return row;
        }

        /** A scope for one batch, holding this lane's arrays for its lifetime. */
        NDManager scope() {
            NDManager scope = manager.newSubManager();
            for (NDArray a : cached) {
                a.tempAttach(scope);
            }
            return scope;
        }
    }

    /** A parameter owned by a leaf block that runs once per forward pass. */
    private record ParameterSite(Call call, ParameterInfo info, Parameter parameter, String localName, LayerDelta delta) {
    }

    private static final class Masked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Masked() {
            super(null, null, false, false);
        }
    }

    private static final Masked MASKED = new Masked();

    /**
     * Leaves a stacked forward at a checkpoint that decided some of its faults; {@code output} is
     * the checkpoint's output (null when no fault is left).
     */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int at;
        final transient NDArray output;

        Stopped(int at, NDArray output) {
            super(null, null, false, false);
            this.at = at;
            this.output = output;
        }
    }

    /**
     * A fault stopped at a checkpoint, waiting for a batch resumed from there; {@code output} (its
     * rows of the checkpoint's output) stays in native memory, held by the engine's manager, until
     * that batch has stacked it.
     */
    private record Resumed(int position, long before, long after, NDArray output, long nanos) {
    }

    /**
     * System property: {@code false} turns FAST's checkpoints off (see {@link Checkpoints}), so
     * that every fault not masked at its layer runs to the output; for diagnostics and benchmarks.
     */
    public static final String CHECKPOINTS_PROPERTY = "seunit.fast.checkpoints";

    private final GoldenRun golden;
    private final InjectableModel model;
    private final OutputComparator comparator;
    private final Injector naive;
    private final Execution mode;
    private final int inputs;
    private NDManager manager;
    private List<Call> calls;
    private final Map<String, Call> activationCalls = new HashMap<>();
    private final Map<String, ParameterSite> parameterSites = new HashMap<>();
    private final Map<String, int[]> parameterWords = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per parameter: whether its layer reads it through the parameter store (see {@link #readsThroughStore}). */
    private final Map<String, Boolean> storeReaders = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<NDArray> cached = new ArrayList<>();
    /**
     * Per call and batch size ({@link #batchKey}), how many groups of rows a layer computes as the
     * golden batch alone (see {@link #forwardRows}); shared by the campaigns on one golden run.
     */
    private final Map<Long, Integer> rowGroups;
    /**
     * {@link #rowGroups} per golden run: they depend on its layers and inputs only, and checking
     * them costs as much as a few hundred faults, which a campaign of a property-based test or a
     * slice of a large run would pay again.
     */
    private static final Map<GoldenRun, Map<Long, Integer>> ROW_GROUPS = new java.util.WeakHashMap<>();
    /** Threads running stacked suffixes side by side ({@link #LANES_PROPERTY}); 1 runs them on the caller. */
    private final int laneCount;
    /** The trace as the caller's thread uses it (the engine's own arrays). */
    private Lane sharedLane;
    /** Copies of the trace, one per suffix thread; null until the first batch, or with one lane. */
    private List<Lane> lanes;
    private final BlockingQueue<Lane> freeLanes = new LinkedBlockingQueue<>();
    /**
     * Threads for the stacked suffixes, shared by all engines and kept between campaigns: fresh
     * threads per campaign each got a new glibc malloc arena, and the process RSS grew by 1.1 GiB
     * over 100,000 injections in slices of 10,000 (flat with the threads kept).
     */
    private static final ExecutorService SUFFIX_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "seunit-fast-suffix");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Future<Prepared>> inFlight = new ArrayDeque<>();
    /**
     * Batches per lane that may be done but not yet delivered, waiting behind a slower one
     * (records are delivered in plan order): enough that a lane never waits for the caller.
     */
    private static final int MAX_UNDELIVERED = 4;
    private final Map<Long, NDList> tiledOutputs = new HashMap<>();
    private OutputComparator.Comparison identical;
    /** What the lanes' checkpoints share; null without checkpoints. */
    private Checkpoints.Shared checkpoints;
    /** Faults stopped at a checkpoint, by its call, until a batch resumes them. */
    private final java.util.TreeMap<Integer, List<Resumed>> resumes = new java.util.TreeMap<>();
    private final int batchFaults;
    private final boolean batchableModel;

    /**
     * An engine for {@code mode}; {@code naive} runs what the shortcuts do not cover. Traces the
     * golden run unless the mode is NAIVE or the model cannot be traced.
     */
    public ReplayEngine(GoldenRun golden, OutputComparator comparator, Injector naive, Execution mode) {
        this.golden = golden;
        this.model = golden.model();
        this.comparator = comparator;
        this.naive = naive;
        this.mode = mode;
        this.inputs = golden.inputCount();
        synchronized (ROW_GROUPS) {
            this.rowGroups = ROW_GROUPS.computeIfAbsent(golden, g -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        this.batchFaults = Math.max(1, MAX_ROWS / inputs);
        this.laneCount = mode == Execution.FAST
                ? Math.max(1, Integer.getInteger(LANES_PROPERTY, Runtime.getRuntime().availableProcessors())) : 1;
        boolean rowsFirst = true;
        for (NDArray in : golden.inputs()) {
            rowsFirst &= in.getShape().dimension() >= 1 && in.getShape().get(0) == inputs;
        }
        this.batchableModel = rowsFirst && golden.outputShape().dimension() >= 1;
        if (mode != Execution.NAIVE && model.isTraceable()) {
            trace();
        }
    }

    private void trace() {
        manager = model.manager().newSubManager();
        List<Call> recorded = new ArrayList<>();
        manager.tempAttachAll(golden.inputs());
        NDList out;
        try {
            out = model.forward(golden.inputs(), (call, layer, leaf, store, in) -> {
                NDList result = leaf.forward(store, in, false);
                recorded.add(new Call(call, layer, leaf, in, result));
                return result;
            });
        } catch (RuntimeException e) {
            return; // the naive path will report what goes wrong
        }
        float[] expected = golden.output();
        NDArray head = out.head();
        float[] traced = (head.getDataType() == DataType.FLOAT32 ? head : head.toType(DataType.FLOAT32, false))
                .toFloatArray();
        if (traced.length != expected.length) {
            return;
        }
        for (int i = 0; i < traced.length; i++) {
            if (Float.floatToRawIntBits(traced[i]) != Float.floatToRawIntBits(expected[i])) {
                return; // not reproducible layer by layer: no replay
            }
        }
        Map<Block, Integer> blockCalls = new IdentityHashMap<>();
        Map<String, Integer> layerCalls = new HashMap<>();
        Map<Parameter, Integer> parameterOwners = new IdentityHashMap<>();
        for (Call c : recorded) {
            if (blockCalls.merge(c.block, 1, Integer::sum) == 1) {
                for (Pair<String, Parameter> p : c.block.getParameters()) {
                    parameterOwners.merge(p.getValue(), 1, Integer::sum);
                }
            }
            layerCalls.merge(c.layer, 1, Integer::sum);
        }
        for (Call c : recorded) {
            if (layerCalls.get(c.layer) == 1 && blockCalls.get(c.block) == 1) {
                activationCalls.put(c.layer, c);
                for (Pair<String, Parameter> p : c.block.getParameters()) {
                    ParameterInfo info = model.parameterAt(c.layer, p.getKey());
                    if (info == null || parameterOwners.get(p.getValue()) != 1 || p.getValue().getArray() == null) {
                        continue;
                    }
                    LayerDelta delta = info.format() == NumberFormat.FLOAT32 && c.inputs.size() == 1 && c.batchable(inputs)
                            && c.inputs.head().getDataType() == DataType.FLOAT32
                            ? LayerDelta.of(c.block, p.getKey(), info.shape(), c.inputs.head().getShape(),
                                    c.output.head().getShape())
                            : null;
                    parameterSites.put(info.name(), new ParameterSite(c, info, p.getValue(), p.getKey(), delta));
                }
            }
        }
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Call c : recorded) {
            for (NDArray a : c.inputs) {
                if (seen.add(a)) {
                    cached.add(a);
                }
            }
            for (NDArray a : c.output) {
                if (seen.add(a)) {
                    cached.add(a);
                }
            }
        }
        for (NDArray a : golden.inputs()) {
            if (seen.add(a)) {
                cached.add(a);
            }
        }
        this.calls = recorded;
        this.identical = comparator.compare(expected);
        NDList[] callInputs = new NDList[recorded.size()];
        NDList[] callOutputs = new NDList[recorded.size()];
        for (Call c : recorded) {
            c.outBytes(); // read here, on the caller's thread, once
            callInputs[c.index] = c.inputs;
            callOutputs[c.index] = c.output;
        }
        if (mode == Execution.FAST && batchableModel && comparator.goldenPredictions() != null
                && golden.outputShape().get(0) == inputs
                && Boolean.parseBoolean(System.getProperty(CHECKPOINTS_PROPERTY, "true"))) {
            boolean[] eligible = new boolean[recorded.size()];
            boolean[] mixing = new boolean[recorded.size()];
            int after = 0;
            for (int c = recorded.size() - 1; c >= 0; c--) {
                // feeds a layer that mixes channels, with another one after it: enough to skip
                eligible[c] = c + 1 < recorded.size() && mixing[c + 1] && after >= 2 && recorded.get(c).batchable(inputs);
                mixing[c] = Checkpoints.mixesChannels(recorded.get(c).block);
                after += mixing[c] ? 1 : 0;
            }
            this.checkpoints = new Checkpoints.Shared(golden, manager, comparator, expected, inputs, eligible, mixing);
        }
        this.sharedLane = new Lane(manager, callInputs, callOutputs, golden.inputs(), cached, tiledOutputs,
                checkpoints, model);
    }

    /** Whether the golden run was traced, so that scenarios can be replayed from their layer. */
    public boolean replays() {
        return calls != null;
    }

    /**
     * Runs {@code planned} (plan indices {@code indices}); {@code journaled} gives a record an
     * earlier run already made (or null), and {@code sink} receives every record as it is made.
     */
    public void run(List<FaultScenario> planned, int[] indices, IntFunction<InjectionRecord> journaled, Sink sink) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        boolean completed = false;
        try {
            Map<Call, List<Integer>> pending = new LinkedHashMap<>();
            for (int i = 0; i < planned.size(); i++) {
                InjectionRecord known = journaled.apply(i);
                if (known != null) {
                    sink.accept(i, known);
                    continue;
                }
                FaultScenario scenario = planned.get(i);
                Call call = calls == null || scenario.size() != 1 ? null : callOf(scenario.first());
                if (call == null) {
                    COUNTERS.naive.incrementAndGet();
                    drain(planned, indices, sink);
                    sink.accept(i, naive.inject(indices[i], scenario));
                } else if (mode == Execution.FAST && batchableModel && call.batchable(inputs)) {
                    List<Integer> queue = pending.computeIfAbsent(call, c -> new ArrayList<>());
                    queue.add(i);
                    if (queue.size() == batchFaults) {
                        pending.remove(call);
                        runBatch(call, queue, planned, indices, sink);
                        resumeFull(planned, indices, sink);
                    }
                } else {
                    drain(planned, indices, sink);
                    sink.accept(i, replay(indices[i], scenario, call));
                }
            }
            for (Map.Entry<Call, List<Integer>> e : pending.entrySet()) {
                runBatch(e.getKey(), e.getValue(), planned, indices, sink);
            }
            drain(planned, indices, sink);
            while (!resumes.isEmpty()) {
                // the earliest checkpoint first: once nothing is in flight, no fault can still join it
                resume(resumes.firstKey(), Integer.MAX_VALUE, planned, indices, sink);
                drain(planned, indices, sink);
            }
            completed = true;
        } finally {
            if (!completed) {
                awaitQuietly();
            }
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Copies the trace once per suffix thread, on the caller's thread, while no scope holds it. */
    private void createLanes() {
        List<Lane> created = new ArrayList<>();
        for (int l = 0; l < laneCount; l++) {
            NDManager laneManager = manager.newSubManager();
            Map<NDArray, NDArray> copies = new IdentityHashMap<>();
            List<NDArray> laneCached = new ArrayList<>();
            java.util.function.Function<NDList, NDList> copy = list -> {
                NDList c = new NDList();
                for (NDArray a : list) {
                    c.add(copies.computeIfAbsent(a, x -> {
                        NDArray d = x.duplicate();
                        d.attach(laneManager);
                        laneCached.add(d);
                        return d;
                    }));
                }
                return c;
            };
            NDList[] laneInputs = new NDList[calls.size()];
            NDList[] laneOutputs = new NDList[calls.size()];
            for (Call c : calls) {
                laneInputs[c.index] = copy.apply(c.inputs);
                laneOutputs[c.index] = copy.apply(c.output);
            }
            created.add(new Lane(laneManager, laneInputs, laneOutputs, copy.apply(golden.inputs()), laneCached,
                    new HashMap<>(), checkpoints, model));
        }
        freeLanes.addAll(created);
        lanes = created;
    }

    private Call callOf(Fault fault) {
        if (fault.site() instanceof FaultSite.Parameter) {
            ParameterSite site = parameterSites.get(fault.site().name());
            return site == null ? null : site.call();
        }
        Call call = activationCalls.get(fault.site().name());
        return call != null && fault.format() == NumberFormat.FLOAT32 && call.output.size() == 1
                && call.output.head().getDataType() == DataType.FLOAT32 && call.output.head().getShape().dimension() >= 1
                ? call : null;
    }

    // ---------------------------------------------------------------- exact replay, one scenario

    /** One scenario from its layer on, bit-identical to a full inference. */
    private InjectionRecord replay(int index, FaultScenario scenario, Call at) {
        COUNTERS.replayed.incrementAndGet();
        long start = System.nanoTime();
        Fault fault = scenario.first();
        long[] before = new long[1];
        long[] after = new long[1];
        float[] output = null;
        String error = null;
        boolean masked = false;
        try (NDManager scope = scope()) {
            ParameterSite site = fault.site() instanceof FaultSite.Parameter ? parameterSites.get(fault.site().name())
                    : null;
            NDList faultyActivation = null;
            boolean applied = false;
            try {
                if (site != null) {
                    before[0] = model.readWord(site.info(), fault.site().index());
                    after[0] = fault.apply(before[0]);
                    write(site.info(), fault, after[0]);
                    applied = true;
                } else {
                    int[] bits = at.outBits().clone();
                    injectActivation(at, bits, fault, before, after);
                    faultyActivation = new NDList(fromBits(scope, bits, at.output.head().getShape()));
                }
                NDList faulty = faultyActivation;
                NDArray head = model.forward(golden.inputs(), (call, layer, leaf, store, in) -> {
                    if (call < at.index) {
                        return calls.get(call).output;
                    }
                    if (call > at.index) {
                        return leaf.forward(store, in, false);
                    }
                    NDList result = faulty != null ? faulty : leaf.forward(store, in, false);
                    if (sameBytes(result, at.outBytes())) {
                        throw MASKED;
                    }
                    return result;
                }).head();
                output = (head.getDataType() == DataType.FLOAT32 ? head : head.toType(DataType.FLOAT32, false))
                        .toFloatArray();
            } catch (Masked e) {
                masked = true;
            } catch (ModelCorruptedException | Injector.FaultNotApplied e) {
                throw e;
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } finally {
                if (applied) {
                    restore(site.info(), fault, before[0]);
                }
            }
        }
        if (masked) {
            COUNTERS.earlyMasked.incrementAndGet();
        }
        return record(index, scenario, before[0], after[0], masked ? identical : null, output, error,
                System.nanoTime() - start);
    }

    // ---------------------------------------------------------------- batches of faults of one layer

    /** A batch whose faulty layer outputs are known, waiting for (or back from) its suffix run. */
    private static final class Prepared {
        final Call at;
        final List<Integer> positions;
        final long[] before;
        final long[] after;
        final InjectionRecord[] done;
        final List<Integer> retry = new ArrayList<>();
        final List<Integer> stacked = new ArrayList<>();
        final List<int[]> faultyOutputs = new ArrayList<>();
        /** For a batch resumed from a checkpoint: the output there of each fault, instead of {@link #faultyOutputs}. */
        final List<NDArray> resumedOutputs = new ArrayList<>();
        /** Nanoseconds each fault spent in earlier batches (stopped at a checkpoint, resumed here). */
        final long[] spent;
        /** The faults (of {@code stacked}) stopped at checkpoint {@code stoppedAt}, with its output. */
        final List<Integer> stopped = new ArrayList<>();
        final List<NDArray> stoppedOutputs = new ArrayList<>();
        int stoppedAt = -1;
        /** Whether the faulty outputs are known (on the caller's thread, when a fault writes the model). */
        boolean prepared;
        long nanos;

        Prepared(Call at, List<Integer> positions) {
            this.at = at;
            this.positions = positions;
            int count = positions.size();
            this.before = new long[count];
            this.after = new long[count];
            this.done = new InjectionRecord[count];
            this.spent = new long[count];
        }
    }

    private void runBatch(Call at, List<Integer> positions, List<FaultScenario> planned, int[] indices, Sink sink) {
        COUNTERS.batches.incrementAndGet();
        if (laneCount > 1 && lanes == null) {
            createLanes();
        }
        Prepared p = new Prepared(at, positions);
        if (lanes == null || writesModel(at, positions, planned)) {
            try (NDManager scope = scope()) {
                prepare(p, sharedLane, scope, planned, indices, sink);
            }
            if (p.stacked.isEmpty()) {
                finish(p, planned, indices, sink);
                return;
            }
        }
        dispatch(p, planned, indices, sink);
    }

    /** Runs the faults stopped at checkpoints in full batches, earliest checkpoint first. */
    private void resumeFull(List<FaultScenario> planned, int[] indices, Sink sink) {
        for (boolean found = true; found;) {
            found = false;
            for (Map.Entry<Integer, List<Resumed>> e : resumes.entrySet()) {
                if (e.getValue().size() >= batchFaults) {
                    resume(e.getKey(), batchFaults, planned, indices, sink);
                    found = true;
                    break; // dispatching may have delivered batches that changed the queues
                }
            }
        }
    }

    /** Runs up to {@code limit} faults stopped at call {@code at}, in batches, from its output on. */
    private void resume(int at, int limit, List<FaultScenario> planned, int[] indices, Sink sink) {
        List<Resumed> queue = resumes.remove(at);
        int taken = Math.min(limit, queue.size());
        if (taken < queue.size()) {
            resumes.put(at, new ArrayList<>(queue.subList(taken, queue.size())));
        }
        for (int from = 0; from < taken; from += batchFaults) {
            List<Resumed> rows = queue.subList(from, Math.min(taken, from + batchFaults));
            List<Integer> positions = new ArrayList<>();
            for (Resumed r : rows) {
                positions.add(r.position());
            }
            Prepared p = new Prepared(calls.get(at), positions);
            for (int k = 0; k < rows.size(); k++) {
                Resumed r = rows.get(k);
                p.before[k] = r.before();
                p.after[k] = r.after();
                p.spent[k] = r.nanos();
                p.stacked.add(k);
                p.resumedOutputs.add(r.output());
            }
            p.prepared = true;
            COUNTERS.batches.incrementAndGet();
            COUNTERS.resumed.addAndGet(rows.size());
            dispatch(p, planned, indices, sink);
        }
    }

    /**
     * Hands a batch to the next free lane (its faulty outputs computed there unless already known),
     * or with one lane runs its suffix on the caller's thread and delivers it.
     */
    private void dispatch(Prepared p, List<FaultScenario> planned, int[] indices, Sink sink) {
        if (lanes == null) {
            try (NDManager scope = scope()) {
                suffix(p, sharedLane, scope, planned, indices);
            }
            finish(p, planned, indices, sink);
            return;
        }
        while (!inFlight.isEmpty() && (inFlight.peek().isDone() || inFlight.size() >= MAX_UNDELIVERED * laneCount)) {
            collect(inFlight.poll(), planned, indices, sink); // in plan order
        }
        // the batch waits for a lane here, not on a pool thread: as many threads as lanes allocate
        // native memory (each thread's malloc arena keeps what it freed)
        Lane lane;
        try {
            lane = freeLanes.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free lane", e);
        }
        boolean prepared = p.prepared;
        inFlight.add(SUFFIX_THREADS.submit(() -> {
            try {
                JniUtils.setGradMode(false);
                try (NDManager scope = lane.scope()) {
                    if (!prepared) {
                        prepare(p, lane, scope, planned, indices, null);
                    }
                    if (!p.stacked.isEmpty()) {
                        suffix(p, lane, scope, planned, indices);
                    }
                }
            } finally {
                freeLanes.put(lane);
            }
            return p;
        }));
    }

    /**
     * Whether some fault of the batch can only be computed by writing its word into the model
     * (a parameter that is not float32, or whose layer does not read it through the parameter
     * store): such a batch is prepared on the caller's thread, after the batches in flight.
     */
    private boolean writesModel(Call at, List<Integer> positions, List<FaultScenario> planned) {
        for (int position : positions) {
            Fault fault = planned.get(position).first();
            if (fault.site() instanceof FaultSite.Parameter) {
                ParameterSite site = parameterSites.get(fault.site().name());
                if (site.info().format() != NumberFormat.FLOAT32 || site.delta() == null && !readsThroughStore(site)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the layer of {@code site} reads the parameter through the parameter store it is
     * given (DJL's layers do; a custom layer may read {@code Parameter.getArray()} instead): the
     * layer run with a copy of the golden value handed over by the store must give the golden
     * output bit for bit, and with a NaN-filled copy an output holding NaN. Checked once per
     * parameter, on the caller's thread.
     */
    private boolean readsThroughStore(ParameterSite site) {
        return storeReaders.computeIfAbsent(site.info().name(), name -> {
            if (site.info().format() != NumberFormat.FLOAT32 || site.parameter().getArray() == null) {
                return false;
            }
            try (NDManager scope = scope()) {
                int[] words = words(site);
                NDList same = forwardWith(site.call(), site.call().inputs, scope,
                        Map.of(site.parameter(), fromBits(scope, words, site.parameter().getArray().getShape())));
                if (!sameBytes(same, site.call().outBytes())) {
                    return false;
                }
                int[] nan = new int[words.length];
                Arrays.fill(nan, Float.floatToRawIntBits(Float.NaN));
                NDList poisoned = forwardWith(site.call(), site.call().inputs, scope,
                        Map.of(site.parameter(), fromBits(scope, nan, site.parameter().getArray().getShape())));
                for (NDArray a : poisoned) {
                    if (a.getDataType() == DataType.FLOAT32 && a.isNaN().any().getBoolean()) {
                        return true;
                    }
                }
                return false;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /** Runs the layer of {@code at} on {@code in} with {@code values} handed over for some of its parameters. */
    private static NDList forwardWith(Call at, NDList in, NDManager scope, Map<Parameter, NDArray> values) {
        ParameterStore store = new ParameterStore(scope, false) {
            @Override
            public NDArray getValue(Parameter parameter, ai.djl.Device device, boolean training) {
                NDArray value = values.get(parameter);
                return value != null ? value : super.getValue(parameter, device, training);
            }
        };
        return at.block.forward(store, in, false);
    }

    /**
     * The faulty output of layer {@code at} for every fault of the batch, and the faults it
     * decides (MASKED); on a lane ({@code sink} null) unless some fault must be written into the
     * model (see {@link #writesModel}).
     */
    private void prepare(Prepared p, Lane lane, NDManager scope, List<FaultScenario> planned, int[] indices,
            Sink sink) {
        long start = System.nanoTime();
        Call at = p.at;
        List<Integer> positions = p.positions;
        int count = positions.size();
        int[] goldenBits = at.outBits();
        int[][] outputs = new int[count][];
        List<Integer> deferred = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Fault fault = planned.get(positions.get(k)).first();
            try {
                outputs[k] = faultyOutput(at, fault, k, p.before, p.after, scope, planned, indices, sink);
                if (outputs[k] == null) {
                    deferred.add(k);
                }
            } catch (ModelCorruptedException | Injector.FaultNotApplied e) {
                throw e;
            } catch (RuntimeException e) {
                p.retry.add(k);
            }
        }
        if (!deferred.isEmpty()) {
            realLayerRounds(at, lane.inputs[at.index], deferred, positions, planned, p.after, outputs, p.retry,
                    scope);
        }
        for (int k = 0; k < count; k++) {
            int[] bits = outputs[k];
            if (bits == null) {
                continue; // retried one by one
            }
            if (Arrays.equals(bits, goldenBits)) {
                COUNTERS.earlyMasked.incrementAndGet();
                p.done[k] = record(indices[positions.get(k)], planned.get(positions.get(k)), p.before[k],
                        p.after[k], identical, null, null, 0);
            } else {
                p.stacked.add(k);
                p.faultyOutputs.add(bits);
            }
        }
        p.nanos = System.nanoTime() - start;
        p.prepared = true;
        COUNTERS.nanosFaulty.addAndGet(p.nanos);
    }

    /** Runs the stacked faults of {@code p} through the rest of the network on {@code lane}; any thread. */
    private void suffix(Prepared p, Lane lane, NDManager scope, List<FaultScenario> planned, int[] indices) {
        long start = System.nanoTime();
        int faults = paddedFaults(p.stacked.size());
        int[] stops = lane.checkpoints == null ? Checkpoints.NONE : lane.checkpoints.stops(p.at.index);
        OutputComparator.Comparison[] decided = new OutputComparator.Comparison[p.stacked.size()];
        float[] out = null;
        try {
            out = forwardBatch(p, faults, lane, scope, stops, decided);
        } catch (Stopped s) {
            COUNTERS.stopped.incrementAndGet();
            long rows = s.output == null ? 0 : s.output.getShape().get(0) / faults;
            p.stoppedAt = s.at;
            for (int j = 0; j < p.stacked.size(); j++) {
                if (decided[j] == null) {
                    p.stopped.add(p.stacked.get(j));
                    NDArray rowsOfFault = s.output.get(j * rows + ":" + (j + 1) * rows).duplicate();
                    rowsOfFault.attach(manager); // any lane resumes it, after this batch's scope is gone
                    p.stoppedOutputs.add(rowsOfFault);
                }
            }
        } catch (RuntimeException e) {
            COUNTERS.batchRetries.incrementAndGet();
            p.retry.addAll(p.stacked); // run one by one so that an error lands on its own scenario
            Arrays.fill(decided, null);
        } finally {
            p.resumedOutputs.forEach(NDArray::close); // stacked, or replayed from scratch on a retry
        }
        long t1 = System.nanoTime();
        int chunk = out == null ? 0 : out.length / faults;
        for (int j = 0; j < p.stacked.size(); j++) {
            int k = p.stacked.get(j);
            if (decided[j] == null && out == null) {
                continue; // stopped or retried
            }
            if (decided[j] == null) {
                COUNTERS.batched.incrementAndGet();
            }
            p.done[k] = record(indices[p.positions.get(k)], planned.get(p.positions.get(k)), p.before[k],
                    p.after[k], decided[j], decided[j] != null ? null : Arrays.copyOfRange(out, j * chunk, (j + 1) * chunk),
                    null, 0);
        }
        COUNTERS.nanosCompare.addAndGet(System.nanoTime() - t1);
        p.nanos += System.nanoTime() - start;
    }

    /** Batch size for {@code count} faults: the next power of two (a few sizes, each checked and tiled once). */
    private int paddedFaults(int count) {
        return Math.max(count, Math.min(batchFaults, Integer.highestOneBit(Math.max(1, count - 1)) << 1));
    }

    /**
     * Delivers the records of a batch, queues its faults stopped at a checkpoint, and replays its
     * retries one by one (after every batch in flight).
     */
    private void finish(Prepared p, List<FaultScenario> planned, int[] indices, Sink sink) {
        int count = p.positions.size();
        long share = p.nanos / Math.max(1, count - p.retry.size());
        for (int k = 0; k < count; k++) {
            if (p.done[k] != null) {
                sink.accept(p.positions.get(k), withNanos(p.done[k], p.spent[k] + share));
            }
        }
        for (int i = 0; i < p.stopped.size(); i++) {
            int k = p.stopped.get(i);
            resumes.computeIfAbsent(p.stoppedAt, c -> new ArrayList<>()).add(
                    new Resumed(p.positions.get(k), p.before[k], p.after[k], p.stoppedOutputs.get(i), p.spent[k] + share));
        }
        if (p.retry.isEmpty()) {
            return;
        }
        drain(planned, indices, sink); // the exact path writes words into the model
        Collections.sort(p.retry);
        for (int k : p.retry) {
            int position = p.positions.get(k);
            FaultScenario scenario = planned.get(position);
            sink.accept(position, replay(indices[position], scenario, callOf(scenario.first())));
        }
    }

    private void collect(Future<Prepared> future, List<FaultScenario> planned, int[] indices, Sink sink) {
        Prepared p;
        try {
            p = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        finish(p, planned, indices, sink);
    }

    /** Waits for every batch in flight and delivers its records: before anything writes into the model. */
    private void drain(List<FaultScenario> planned, int[] indices, Sink sink) {
        while (!inFlight.isEmpty()) {
            collect(inFlight.poll(), planned, indices, sink);
        }
    }

    /** Waits for every batch in flight without delivering anything (a run that is failing). */
    private void awaitQuietly() {
        while (!inFlight.isEmpty()) {
            try {
                inFlight.poll().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // the run is already failing
            }
        }
    }

    /** The float32 bits of layer {@code at}'s output under {@code fault}, for every golden input. */
    private int[] faultyOutput(Call at, Fault fault, int k, long[] before, long[] after, NDManager scope,
            List<FaultScenario> planned, int[] indices, Sink sink) {
        int[] bits = at.outBits().clone();
        if (fault.site() instanceof FaultSite.Activation) {
            long[] b = new long[1];
            long[] a = new long[1];
            injectActivation(at, bits, fault, b, a);
            before[k] = b[0];
            after[k] = a[0];
            return bits;
        }
        ParameterSite site = parameterSites.get(fault.site().name());
        long flat = fault.site().index();
        if (site.info().format() == NumberFormat.FLOAT32) {
            before[k] = words(site)[(int) flat] & 0xffffffffL;
        } else {
            before[k] = model.readWord(site.info(), flat);
        }
        after[k] = fault.apply(before[k]);
        if (site.delta() != null) {
            float oldValue = Float.intBitsToFloat((int) before[k]);
            float newValue = Float.intBitsToFloat((int) after[k]);
            if (Float.isFinite(newValue)
                    && site.delta().apply(bits, at.inValues(), flat, oldValue, newValue) >= DELTA_MIN_ULPS) {
                COUNTERS.deltas.incrementAndGet();
                return bits;
            }
            return null; // the real layer, several faults per run: see realLayerRounds
        }
        if (site.info().format() == NumberFormat.FLOAT32 && readsThroughStore(site)) {
            return null; // the real layer with a faulty copy of the parameter: see realLayerRounds
        }
        if (sink == null) {
            throw new IllegalStateException("a fault of " + at.layer + " needs the model written, off the caller's thread");
        }
        // the layer itself, with the faulty word written and restored
        COUNTERS.realLayer.incrementAndGet();
        COUNTERS.realLayerRuns.incrementAndGet();
        COUNTERS.modelWrites.incrementAndGet();
        long t0 = System.nanoTime();
        drain(planned, indices, sink); // no suffix may read the model while a word is changed
        write(site.info(), fault, after[k]);
        try {
            NDList out = at.block.forward(new ParameterStore(scope, false), at.inputs, false);
            return bits(out.head().toByteArray());
        } finally {
            restore(site.info(), fault, before[k]);
            COUNTERS.nanosRealLayer.addAndGet(System.nanoTime() - t0);
        }
    }

    /**
     * The real layer's output for the faults in {@code deferred}: conv/linear weight and bias
     * faults whose delta is not trusted, and faults of other layers that read their parameters
     * through the store (one fault per run: SEUnit does not know their channels). Output channel o of a conv or linear layer is computed from weight row o and
     * bias o alone, by the same kernel whatever the other rows hold, so faults in distinct output
     * channels are written together and the layer runs once for all of them; each fault takes its
     * own channel from that output and the golden values elsewhere, which is bit for bit the output
     * of the layer with that fault alone. Faults sharing a channel go to later rounds. The faulty
     * weights are a copy handed to the layer through its parameter store (see
     * {@link #readsThroughStore}), so the model is never written and suffixes of other
     * batches can run meanwhile. A round that fails is retried fault by fault on the exact path.
     */
    private void realLayerRounds(Call at, NDList layerInputs, List<Integer> deferred, List<Integer> positions,
            List<FaultScenario> planned, long[] after, int[][] outputs, List<Integer> retry, NDManager scope) {
        long t0 = System.nanoTime();
        int[] goldenBits = at.outBits();
        List<Integer> remaining = deferred;
        while (!remaining.isEmpty()) {
            Set<Long> channels = new java.util.HashSet<>();
            List<Integer> round = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            boolean alone = false; // a layer whose channels SEUnit does not know: one fault per run
            for (int k : remaining) {
                Fault fault = planned.get(positions.get(k)).first();
                LayerDelta delta = parameterSites.get(fault.site().name()).delta();
                boolean joins;
                if (delta == null) {
                    joins = round.isEmpty();
                    alone |= joins;
                } else {
                    joins = !alone && channels.add(delta.channel(fault.site().index()));
                }
                (joins ? round : next).add(k);
            }
            try {
                Map<Parameter, int[]> faultyWords = new IdentityHashMap<>();
                for (int k : round) {
                    Fault fault = planned.get(positions.get(k)).first();
                    ParameterSite site = parameterSites.get(fault.site().name());
                    faultyWords.computeIfAbsent(site.parameter(), x -> words(site).clone())[(int) fault.site()
                            .index()] = (int) after[k];
                }
                Map<Parameter, NDArray> faulty = new IdentityHashMap<>();
                faultyWords.forEach((parameter, words) -> faulty.put(parameter,
                        fromBits(scope, words, parameter.getArray().getShape())));
                NDList out = forwardWith(at, layerInputs, scope, faulty);
                int[] all = bits(out.head().toByteArray());
                if (all.length != goldenBits.length) {
                    throw new IllegalStateException("the layer gave " + all.length + " values, golden " + goldenBits.length);
                }
                for (int k : round) {
                    Fault fault = planned.get(positions.get(k)).first();
                    LayerDelta delta = parameterSites.get(fault.site().name()).delta();
                    if (delta == null) {
                        outputs[k] = all;
                    } else {
                        int[] bits = goldenBits.clone();
                        delta.copyChannel(all, bits, fault.site().index());
                        outputs[k] = bits;
                    }
                    COUNTERS.realLayer.incrementAndGet();
                }
            } catch (RuntimeException e) {
                retry.addAll(round);
            }
            COUNTERS.realLayerRuns.incrementAndGet();
            remaining = next;
        }
        COUNTERS.nanosRealLayer.addAndGet(System.nanoTime() - t0);
    }

    /**
     * Runs the network from batch {@code p}'s layer on, with its faulty outputs there stacked
     * (padded to {@code faults} with golden ones). At each of {@code stops} it decides what it can
     * of the faults not yet in {@code decided} (see {@link #decide}), and leaves with
     * {@link Stopped} once some fault is decided.
     */
    private float[] forwardBatch(Prepared p, int faults, Lane lane, NDManager scope, int[] stops,
            OutputComparator.Comparison[] decided) {
        Call at = p.at;
        int count = p.stacked.size();
        NDArray stacked;
        if (!p.resumedOutputs.isEmpty()) {
            NDList parts = new NDList(p.resumedOutputs);
            for (int b = count; b < faults; b++) {
                parts.add(lane.outputs[at.index].head());
            }
            stacked = NDArrays.concat(parts, 0);
            stacked.attach(scope);
        } else {
            int[] goldenBits = at.outBits();
            int size = goldenBits.length;
            ByteBuffer buffer = ByteBuffer.allocateDirect(faults * size * 4).order(ByteOrder.nativeOrder());
            for (int b = 0; b < faults; b++) {
                buffer.asIntBuffer().position(b * size).put(b < count ? p.faultyOutputs.get(b) : goldenBits);
            }
            buffer.rewind();
            long[] dims = at.output.head().getShape().getShape().clone();
            dims[0] *= faults;
            stacked = scope.create(buffer, new Shape(dims), DataType.FLOAT32);
        }
        long t0 = System.nanoTime();
        Map<Long, NDList> keep = new HashMap<>();
        NDList out;
        try {
            NDList modelInputs = tiledOutput(lane, -1, faults, keep); // read by no layer before the fault, but built
            out = model.forward(modelInputs, (call, layer, leaf, store, in) -> {
                if (call < at.index) {
                    return tiledOutput(lane, call, faults, keep);
                }
                if (call == at.index) {
                    return new NDList(stacked);
                }
                NDList result = forwardRows(calls.get(call), lane, leaf, store, in, faults);
                if (Arrays.binarySearch(stops, call) >= 0) {
                    decide(calls.get(call), lane.checkpoints.radii(call), result.head(), count, lane, decided);
                }
                return result;
            });
        } finally {
            COUNTERS.nanosSuffix.addAndGet(System.nanoTime() - t0); // stopped at a checkpoint too
            for (Map.Entry<Long, NDList> e : keep.entrySet()) {
                for (NDArray a : e.getValue()) {
                    a.attach(lane.manager); // cached for the next batches of this size
                    lane.cached.add(a);
                }
                lane.tiled.put(e.getKey(), e.getValue());
            }
        }
        NDArray head = out.head();
        long rows = golden.outputShape().get(0) * faults;
        if (head.getShape().dimension() == 0 || head.getShape().get(0) != rows) {
            throw new IllegalStateException("a batch of " + faults + " gave an output of shape " + head.getShape());
        }
        long t1 = System.nanoTime();
        float[] values = (head.getDataType() == DataType.FLOAT32 ? head : head.toType(DataType.FLOAT32, false))
                .toFloatArray();
        COUNTERS.nanosRead.addAndGet(System.nanoTime() - t1);
        return values;
    }

    /**
     * At checkpoint {@code at}: a fault whose output there is bit-identical to golden is MASKED
     * (exact: the checkpoint is a cut), one that changed at least {@link Checkpoints#MIN_CHANGED}
     * values, all finite and each within its certified radius ({@code radii}, one fault's worth;
     * null for none), is BENIGN (certified); a fault's first decision stands whatever its batch
     * does after, and depends on its own rows only. Throws {@link Stopped} once any fault of the
     * batch is decided: the rest are resumed from here in full batches (refilled with faults
     * stopped here from other batches) rather than running on beside rows that no longer need
     * computing.
     *
     * <p>Read in place from native memory, one pass per fault that stops at the first value
     * ruling both decisions out: the four tensor ops this replaces (difference, magnitude, excess
     * over the radius, its maximum) cost as much as the layer before a checkpoint.
     */
    private void decide(Call at, float[] radii, NDArray result, int count, Lane lane,
            OutputComparator.Comparison[] decided) {
        long t0 = System.nanoTime();
        int[] goldenBits = at.outBits();
        int size = goldenBits.length;
        if (result.getDataType() != DataType.FLOAT32 || result.size() < (long) count * size) {
            return;
        }
        IntBuffer values = result.toByteBuffer(true).asIntBuffer(); // no copy of a contiguous array
        int[] row = lane.row(size);
        int undecided = 0;
        for (int j = 0; j < count; j++) {
            if (decided[j] != null) {
                continue;
            }
            values.get(j * size, row, 0, size);
            boolean same = true;
            boolean within = radii != null;
            int changed = 0;
            for (int i = 0; i < size && (same || within); i++) {
                if (row[i] == goldenBits[i]) {
                    continue;
                }
                same = false;
                float change = Math.abs(Float.intBitsToFloat(row[i]) - Float.intBitsToFloat(goldenBits[i]));
                // the float difference, as the radii were certified for; false for NaN
                within = within && change <= radii[i]; // radii null: never within
                changed += change > 0 ? 1 : 0; // -0.0 for 0.0 is no change
            }
            if (same) {
                decided[j] = identical;
                COUNTERS.maskedAtCheckpoints.incrementAndGet();
            } else if (within && changed >= Checkpoints.MIN_CHANGED) {
                decided[j] = comparator.unchangedPredictions();
                COUNTERS.certified.incrementAndGet();
            } else {
                undecided++;
            }
        }
        COUNTERS.nanosDecide.addAndGet(System.nanoTime() - t0);
        if (undecided < count) { // nothing left (null bits), or rows that would run for nothing
            throw new Stopped(at.index, undecided == 0 ? null : result);
        }
    }

    /**
     * The golden output of {@code call} (the model's inputs for -1) tiled {@code faults} times,
     * kept per lane (batches come in a few sizes, see {@link #paddedFaults}).
     */
    private NDList tiledOutput(Lane lane, int call, int faults, Map<Long, NDList> keep) {
        NDList golden = call < 0 ? lane.goldenInputs : lane.outputs[call];
        if (faults == 1) {
            return golden; // the cached arrays themselves: kept copies would alias them
        }
        long key = batchKey(call, faults);
        NDList tiled = lane.tiled.get(key);
        if (tiled == null) {
            tiled = keep.computeIfAbsent(key, c -> tile(golden, faults));
        }
        return tiled;
    }

    /** A key for what is kept per call and batch size. */
    static long batchKey(int call, int faults) {
        return (long) call << 32 | faults;
    }

    /**
     * Runs a layer after the fault on {@code faults} stacked groups of rows, in chunks of as many
     * groups as the layer computes giving each group what it gives the golden batch alone: all of
     * them in one call for most layers; fewer where a larger batch makes the kernel change (a 1x1
     * convolution switches to oneDNN from 16 rows on). Checked once per layer and batch size on the
     * golden data; one group per call is the golden computation itself.
     */
    private NDList forwardRows(Call call, Lane lane, Block leaf, ParameterStore store, NDList in, int faults) {
        long key = batchKey(call.index, faults);
        Integer chunk = rowGroups.get(key);
        if (chunk == null) {
            chunk = 1;
            for (int groups = faults; groups > 1; groups--) {
                if (faults % groups == 0 && batchInvariant(call, lane.inputs[call.index], leaf, store, groups)) {
                    chunk = groups;
                    break;
                }
            }
            rowGroups.put(key, chunk);
        }
        if (chunk == faults) {
            return leaf.forward(store, in, false);
        }
        int sections = faults / chunk;
        List<NDList> pieces = new ArrayList<>();
        for (NDArray a : in) {
            pieces.add(a.split(sections)); // views, in one call
        }
        List<NDList> parts = new ArrayList<>();
        for (int b = 0; b < sections; b++) {
            NDList slice = new NDList();
            for (NDList p : pieces) {
                slice.add(p.get(b));
            }
            parts.add(leaf.forward(store, slice, false));
        }
        NDList joined = new NDList();
        for (int i = 0; i < parts.get(0).size(); i++) {
            NDList column = new NDList();
            for (NDList p : parts) {
                column.add(p.get(i));
            }
            joined.add(NDArrays.concat(column, 0));
        }
        return joined;
    }

    private static boolean batchInvariant(Call call, NDList inputs, Block leaf, ParameterStore store, int faults) {
        try {
            NDList out = leaf.forward(store, tile(inputs, faults), false);
            byte[][] golden = call.outBytes();
            if (out.size() != golden.length) {
                return false;
            }
            for (int i = 0; i < out.size(); i++) {
                byte[] all = out.get(i).toByteArray();
                int length = golden[i].length;
                if (all.length != length * faults) {
                    return false;
                }
                for (int b = 0; b < faults; b++) {
                    if (!Arrays.equals(all, b * length, (b + 1) * length, golden[i], 0, length)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code arrays} repeated {@code times} along their first dimension (the arrays themselves for 1). */
    static NDList tile(NDList arrays, int times) {
        NDList tiled = new NDList();
        for (NDArray a : arrays) {
            long[] repeats = new long[a.getShape().dimension()];
            Arrays.fill(repeats, 1);
            repeats[0] = times;
            tiled.add(times == 1 ? a : a.tile(repeats));
        }
        return tiled;
    }

    // ---------------------------------------------------------------- helpers

    /** A scope for one scenario or batch, holding the cached arrays for its lifetime. */
    private NDManager scope() {
        NDManager scope = manager.newSubManager();
        for (NDArray a : cached) {
            a.tempAttach(scope);
        }
        return scope;
    }

    private int[] words(ParameterSite site) {
        return parameterWords.computeIfAbsent(site.info().name(), n -> bits(site.parameter().getArray().toByteArray()));
    }

    /** Corrupts the same element of every input's output, as the naive hook does; words of the first input. */
    private static void injectActivation(Call at, int[] bits, Fault fault, long[] before, long[] after) {
        long rows = at.output.head().getShape().get(0);
        long perInput = bits.length / rows;
        long index = fault.site().index();
        if (index < 0 || index >= perInput) {
            throw new IndexOutOfBoundsException("activation index " + index + " outside the " + perInput
                    + " values per input of " + at.layer);
        }
        for (long n = 0; n < rows; n++) {
            long position = n * perInput + index;
            long word = bits[(int) position] & 0xffffffffL;
            long faulty = fault.apply(word);
            if (n == 0) {
                before[0] = word;
                after[0] = faulty;
            }
            bits[(int) position] = (int) faulty;
        }
    }

    private void write(ParameterInfo info, Fault fault, long word) {
        try {
            model.writeWord(info, fault.site().index(), word);
        } catch (RuntimeException e) {
            throw new Injector.FaultNotApplied("could not write " + fault + " into " + model.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private void restore(ParameterInfo info, Fault fault, long word) {
        try {
            model.writeWord(info, fault.site().index(), word);
        } catch (RuntimeException e) {
            throw new ModelCorruptedException("could not restore " + fault.site() + " to its saved word 0x"
                    + Long.toHexString(word) + "; the model is corrupted and must be reloaded", e);
        }
    }

    private InjectionRecord record(int index, FaultScenario scenario, long before, long after,
            OutputComparator.Comparison known, float[] output, String error, long nanos) {
        List<Long> wordsBefore = List.of(before);
        List<Long> wordsAfter = List.of(after);
        if (known == null && output == null) {
            return new InjectionRecord(index, scenario, wordsBefore, wordsAfter, Outcome.DUE, 0, 0,
                    Double.POSITIVE_INFINITY, 0, Double.NaN, nanos, error);
        }
        OutputComparator.Comparison c = known != null ? known : comparator.compare(output);
        return new InjectionRecord(index, scenario, wordsBefore, wordsAfter, c.outcome(), c.changedPredictions(),
                c.predictions(), c.maxAbsDelta(), c.nonFinite(), c.metric(), nanos, null);
    }

    private static InjectionRecord withNanos(InjectionRecord r, long nanos) {
        return new InjectionRecord(r.index(), r.scenario(), r.wordsBefore(), r.wordsAfter(), r.outcome(),
                r.changedPredictions(), r.predictions(), r.maxAbsDelta(), r.nonFinite(), r.metric(), nanos, r.error());
    }

    private static boolean sameBytes(NDList out, byte[][] golden) {
        if (out.size() != golden.length) {
            return false;
        }
        for (int i = 0; i < golden.length; i++) {
            if (!Arrays.equals(out.get(i).toByteArray(), golden[i])) {
                return false;
            }
        }
        return true;
    }

    private static int[] bits(byte[] bytes) {
        int[] bits = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asIntBuffer().get(bits);
        return bits;
    }

    private static NDArray fromBits(NDManager scope, int[] bits, Shape shape) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bits.length * 4).order(ByteOrder.nativeOrder());
        buffer.asIntBuffer().put(bits);
        return scope.create(buffer, shape, DataType.FLOAT32);
    }

    @Override
    public void close() {
        awaitQuietly();
        if (manager != null) {
            manager.close();
        }
    }
}
