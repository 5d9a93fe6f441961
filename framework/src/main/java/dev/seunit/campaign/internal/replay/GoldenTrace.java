package dev.seunit.campaign.internal.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.model.internal.Tracer;

/**
 * The golden forward pass recorded leaf call by leaf call (one traced inference): what every
 * call read and wrote, which call a fault's site belongs to, and the parameters' golden words.
 * Replays start from it; its arrays live in its own manager, closed with it. A call's cached
 * arrays are attached to each {@link #scope} for the scope's lifetime, so that what is computed
 * from them belongs to the scope.
 */
final class GoldenTrace implements AutoCloseable {

    final GoldenRun golden;
    final InjectableModel model;
    final NDManager manager;
    final List<TracedCall> calls;
    /** Every array the calls read or wrote, and the model's inputs, once each. */
    final List<NDArray> cached;
    private final Map<String, TracedCall> activationCalls = new HashMap<>();
    private final Map<String, ParameterSite> parameterSites = new HashMap<>();
    private final Map<String, int[]> parameterWords = new ConcurrentHashMap<>();

    private GoldenTrace(GoldenRun golden, NDManager manager, List<TracedCall> calls) {
        this.golden = golden;
        this.model = golden.model();
        this.manager = manager;
        this.calls = calls;
        this.cached = cachedArrays(calls, golden.inputs());
        indexSites();
    }

    /**
     * Traces {@code golden}'s model on its inputs; null when the model cannot be traced or a
     * layer-by-layer run does not give the golden output bit for bit (then nothing is replayed).
     */
    static GoldenTrace record(GoldenRun golden) {
        InjectableModel model = golden.model();
        if (!model.isTraceable()) {
            return null;
        }
        NDManager manager = model.manager().newSubManager();
        List<TracedCall> recorded = new ArrayList<>();
        manager.tempAttachAll(golden.inputs());
        try {
            NDList out = Tracer.forward(model, golden.inputs(), (call, layer, leaf, store, in) -> {
                NDList result = leaf.forward(store, in, false);
                recorded.add(new TracedCall(call, layer, leaf, in, result));
                return result;
            });
            return bitIdentical(FloatBits.floats(out.head()), golden.output())
                    ? new GoldenTrace(golden, manager, recorded) : closed(manager);
        } catch (RuntimeException e) {
            return closed(manager); // the naive path will report what goes wrong
        }
    }

    private static GoldenTrace closed(NDManager manager) {
        manager.close();
        return null;
    }

    private static boolean bitIdentical(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Activation sites are the layers called once; parameter sites the parameters owned by one
     * block that is called once (a shared or repeated block's fault changes several calls).
     */
    private void indexSites() {
        Map<Block, Integer> blockCalls = new IdentityHashMap<>();
        Map<String, Integer> layerCalls = new HashMap<>();
        Map<Parameter, Integer> parameterOwners = new IdentityHashMap<>();
        for (TracedCall c : calls) {
            if (blockCalls.merge(c.block, 1, Integer::sum) == 1) {
                for (Pair<String, Parameter> p : c.block.getParameters()) {
                    parameterOwners.merge(p.getValue(), 1, Integer::sum);
                }
            }
            layerCalls.merge(c.layer, 1, Integer::sum);
        }
        int inputs = golden.inputCount();
        for (TracedCall c : calls) {
            if (layerCalls.get(c.layer) != 1 || blockCalls.get(c.block) != 1) {
                continue;
            }
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

    private static List<NDArray> cachedArrays(List<TracedCall> calls, NDList modelInputs) {
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<NDArray> cached = new ArrayList<>();
        for (TracedCall c : calls) {
            c.outBytes(); // read here, on the caller's thread, once
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
        for (NDArray a : modelInputs) {
            if (seen.add(a)) {
                cached.add(a);
            }
        }
        return cached;
    }

    /**
     * The call a single fault changes, or null when it cannot be replayed from a call (a
     * parameter of a shared block, an activation that is not one float32 array).
     */
    TracedCall callOf(Fault fault) {
        if (fault.site() instanceof FaultSite.Parameter) {
            ParameterSite site = parameterSites.get(fault.site().name());
            return site == null ? null : site.call();
        }
        TracedCall call = activationCalls.get(fault.site().name());
        return call != null && fault.format() == NumberFormat.FLOAT32 && call.output.size() == 1
                && call.output.head().getDataType() == DataType.FLOAT32 && call.output.head().getShape().dimension() >= 1
                ? call : null;
    }

    /** The site of a parameter fault whose call is known ({@link #callOf} not null); null for activation faults. */
    ParameterSite site(Fault fault) {
        return fault.site() instanceof FaultSite.Parameter ? parameterSites.get(fault.site().name()) : null;
    }

    /** The golden words of a float32 parameter, read once. */
    int[] words(ParameterSite site) {
        return parameterWords.computeIfAbsent(site.info().name(),
                n -> FloatBits.of(site.parameter().getArray().toByteArray()));
    }

    /** A scope for one scenario or batch, holding the cached arrays for its lifetime. */
    NDManager scope() {
        NDManager scope = manager.newSubManager();
        for (NDArray a : cached) {
            a.tempAttach(scope);
        }
        return scope;
    }

    @Override
    public void close() {
        manager.close();
    }
}
