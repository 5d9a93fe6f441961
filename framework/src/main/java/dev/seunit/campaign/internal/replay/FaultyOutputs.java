package dev.seunit.campaign.internal.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.EngineStatistics.Phase;
import dev.seunit.campaign.ModelCorruptedException;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.FaultNotAppliedException;
import dev.seunit.campaign.internal.ModelWords;
import dev.seunit.campaign.internal.Records;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultSite;
import dev.seunit.fault.NumberFormat;

/**
 * The faulty output of a batch's layer for each of its faults, computed the cheapest exact way:
 * an activation fault corrupts the golden output; a conv/linear weight or bias fault is a
 * {@link LayerDelta} on one output channel when the delta is trusted; other parameter faults
 * run the real layer with a faulty copy of the parameter handed over by the parameter store
 * (several faults in distinct channels share a run); a layer that does not read its parameters
 * through the store has the fault written into the model ({@link #needsModelWrite}), which only
 * the caller's thread may do once no batch is in flight. Faults whose output is golden are
 * MASKED here.
 */
final class FaultyOutputs {

    /**
     * A delta that moves some output value it touches by fewer than this many units in the last
     * place is not trusted: whether such a change survives (MASKED or not) depends on the order
     * in which the real layer sums its products, so the layer runs instead.
     */
    static final long DELTA_MIN_ULPS = 4;

    private final GoldenTrace trace;
    private final Records records;
    private final EngineMeter meter;
    /** Per parameter: whether its layer reads it through the parameter store ({@link #readsThroughStore}). */
    private final Map<String, Boolean> storeReaders = new ConcurrentHashMap<>();

    FaultyOutputs(GoldenTrace trace, Records records, EngineMeter meter) {
        this.trace = trace;
        this.records = records;
        this.meter = meter;
    }

    /**
     * Whether a parameter fault can only be computed by writing its word into the model: no delta
     * applies and the layer does not read the parameter through the store (or it is not float32).
     */
    boolean needsModelWrite(ParameterSite site) {
        return site.delta() == null && !readsThroughStore(site);
    }

    /** Whether some fault of {@code positions} needs the model written ({@link #needsModelWrite}). */
    boolean needModelWrite(List<Integer> positions, RunState run) {
        for (int position : positions) {
            ParameterSite site = trace.site(run.scenario(position).first());
            if (site != null && needsModelWrite(site)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Computes the faulty output of {@code batch}'s layer for every fault, records the faults it
     * decides (MASKED) and stacks the others. On a lane {@code drainBeforeWrite} is null (no fault
     * there may write the model); on the caller's thread it waits for the batches in flight.
     */
    void prepare(Batch batch, Lane lane, NDManager scope, RunState run, Runnable drainBeforeWrite) {
        long start = System.nanoTime();
        TracedCall at = batch.at;
        int count = batch.size();
        int[][] outputs = new int[count][];
        List<Integer> deferred = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Fault fault = run.scenario(batch.positions.get(k)).first();
            try {
                outputs[k] = faultyOutput(batch, k, fault, scope, drainBeforeWrite);
                if (outputs[k] == null) {
                    deferred.add(k);
                }
            } catch (ModelCorruptedException | FaultNotAppliedException e) {
                throw e;
            } catch (RuntimeException e) {
                batch.retry.add(k);
            }
        }
        if (!deferred.isEmpty()) {
            realLayerRounds(batch, lane.inputs[at.index], deferred, run, outputs, scope);
        }
        int[] goldenBits = at.outBits();
        for (int k = 0; k < count; k++) {
            int[] bits = outputs[k];
            if (bits == null) {
                continue; // retried one by one
            }
            int position = batch.positions.get(k);
            if (Arrays.equals(bits, goldenBits)) {
                meter.count(Count.EARLY_MASKED);
                batch.done[k] = records.of(run.planIndex(position), run.scenario(position), batch.before[k],
                        batch.after[k], records.comparator().identical(), null, null, 0);
            } else {
                batch.stacked.add(k);
                batch.faultyOutputs.add(bits);
            }
        }
        batch.nanos = System.nanoTime() - start;
        batch.prepared = true;
        meter.time(Phase.FAULTY_OUTPUTS, batch.nanos);
    }

    /** The float32 bits of the layer's output under fault {@code k}, or null when it needs a real-layer round. */
    private int[] faultyOutput(Batch batch, int k, Fault fault, NDManager scope, Runnable drainBeforeWrite) {
        TracedCall at = batch.at;
        int[] bits = at.outBits().clone();
        if (fault.site() instanceof FaultSite.Activation) {
            long[] words = corruptActivation(at, bits, fault);
            batch.before[k] = words[0];
            batch.after[k] = words[1];
            return bits;
        }
        ParameterSite site = trace.site(fault);
        long flat = fault.site().index();
        batch.before[k] = site.info().format() == NumberFormat.FLOAT32 ? trace.words(site)[(int) flat] & 0xffffffffL
                : ModelWords.read(trace.model, site.info(), fault);
        batch.after[k] = fault.apply(batch.before[k]);
        if (site.delta() != null) {
            float oldValue = Float.intBitsToFloat((int) batch.before[k]);
            float newValue = Float.intBitsToFloat((int) batch.after[k]);
            if (Float.isFinite(newValue)
                    && site.delta().apply(bits, at.inValues(), flat, oldValue, newValue) >= DELTA_MIN_ULPS) {
                meter.count(Count.DELTAS);
                return bits;
            }
            return null; // the real layer, several faults per run: see realLayerRounds
        }
        if (!needsModelWrite(site)) {
            return null; // the real layer with a faulty copy of the parameter: see realLayerRounds
        }
        if (drainBeforeWrite == null) {
            throw new IllegalStateException("a fault of " + at.layer + " needs the model written, off the caller's thread");
        }
        // the layer itself, with the faulty word written and restored
        meter.count(Count.REAL_LAYER);
        meter.count(Count.REAL_LAYER_RUNS);
        meter.count(Count.MODEL_WRITES);
        long t0 = System.nanoTime();
        drainBeforeWrite.run(); // no suffix may read the model while a word is changed
        ModelWords.write(trace.model, site.info(), fault, batch.after[k]);
        try {
            NDList out = at.block.forward(new ParameterStore(scope, false), at.inputs, false);
            return FloatBits.of(out.head().toByteArray());
        } finally {
            ModelWords.restore(trace.model, site.info(), fault, batch.before[k]);
            meter.timeSince(Phase.REAL_LAYER, t0);
        }
    }

    /**
     * The real layer's output for the faults in {@code deferred}: conv/linear weight and bias
     * faults whose delta is not trusted, and faults of other layers that read their parameters
     * through the store (one fault per run: SEUnit does not know their channels). Output channel o
     * of a conv or linear layer is computed from weight row o and bias o alone, by the same kernel
     * whatever the other rows hold, so faults in distinct output channels are written together and
     * the layer runs once for all of them; each fault takes its own channel from that output and
     * the golden values elsewhere, which is bit for bit the output of the layer with that fault
     * alone. Faults sharing a channel go to later rounds. The faulty weights are a copy handed to
     * the layer through its parameter store, so the model is never written and suffixes of other
     * batches can run meanwhile. A round that fails is retried fault by fault on the exact path.
     */
    private void realLayerRounds(Batch batch, NDList layerInputs, List<Integer> deferred, RunState run,
            int[][] outputs, NDManager scope) {
        long t0 = System.nanoTime();
        TracedCall at = batch.at;
        int[] goldenBits = at.outBits();
        List<Integer> remaining = deferred;
        while (!remaining.isEmpty()) {
            Set<Long> channels = new HashSet<>();
            List<Integer> round = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            boolean alone = false; // a layer whose channels SEUnit does not know: one fault per run
            for (int k : remaining) {
                Fault fault = run.scenario(batch.positions.get(k)).first();
                LayerDelta delta = trace.site(fault).delta();
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
                    Fault fault = run.scenario(batch.positions.get(k)).first();
                    ParameterSite site = trace.site(fault);
                    faultyWords.computeIfAbsent(site.parameter(), x -> trace.words(site).clone())[(int) fault.site()
                            .index()] = (int) batch.after[k];
                }
                Map<Parameter, NDArray> faulty = new IdentityHashMap<>();
                faultyWords.forEach((parameter, words) -> faulty.put(parameter,
                        FloatBits.toArray(scope, words, parameter.getArray().getShape())));
                int[] all = FloatBits.of(forwardWith(at, layerInputs, scope, faulty).head().toByteArray());
                if (all.length != goldenBits.length) {
                    throw new IllegalStateException("the layer gave " + all.length + " values, golden " + goldenBits.length);
                }
                for (int k : round) {
                    Fault fault = run.scenario(batch.positions.get(k)).first();
                    LayerDelta delta = trace.site(fault).delta();
                    if (delta == null) {
                        outputs[k] = all;
                    } else {
                        int[] bits = goldenBits.clone();
                        delta.copyChannel(all, bits, fault.site().index());
                        outputs[k] = bits;
                    }
                    meter.count(Count.REAL_LAYER);
                }
            } catch (RuntimeException e) {
                batch.retry.addAll(round);
            }
            meter.count(Count.REAL_LAYER_RUNS);
            remaining = next;
        }
        meter.timeSince(Phase.REAL_LAYER, t0);
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
            try (NDManager scope = trace.scope()) {
                int[] words = trace.words(site);
                NDList same = forwardWith(site.call(), site.call().inputs, scope,
                        Map.of(site.parameter(), FloatBits.toArray(scope, words, site.parameter().getArray().getShape())));
                if (!FloatBits.sameBytes(same, site.call().outBytes())) {
                    return false;
                }
                int[] nan = new int[words.length];
                Arrays.fill(nan, Float.floatToRawIntBits(Float.NaN));
                NDList poisoned = forwardWith(site.call(), site.call().inputs, scope,
                        Map.of(site.parameter(), FloatBits.toArray(scope, nan, site.parameter().getArray().getShape())));
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
    private static NDList forwardWith(TracedCall at, NDList in, NDManager scope, Map<Parameter, NDArray> values) {
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
     * Corrupts the same element of every input's output of {@code at} in {@code bits}, as the
     * naive path's hook does; returns the word before and after the fault in the first input.
     */
    static long[] corruptActivation(TracedCall at, int[] bits, Fault fault) {
        long rows = at.output.head().getShape().get(0);
        long perInput = bits.length / rows;
        long index = fault.site().index();
        if (index < 0 || index >= perInput) {
            throw new IndexOutOfBoundsException("activation index " + index + " outside the " + perInput
                    + " values per input of " + at.layer);
        }
        long[] words = new long[2];
        for (long n = 0; n < rows; n++) {
            int position = (int) (n * perInput + index);
            long word = bits[position] & 0xffffffffL;
            long faulty = fault.apply(word);
            if (n == 0) {
                words[0] = word;
                words[1] = faulty;
            }
            bits[position] = (int) faulty;
        }
        return words;
    }
}
