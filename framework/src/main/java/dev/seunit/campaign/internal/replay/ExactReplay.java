package dev.seunit.campaign.internal.replay;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.seunit.campaign.EngineStatistics.Count;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.ModelCorruptedException;
import dev.seunit.campaign.internal.EngineMeter;
import dev.seunit.campaign.internal.FaultNotAppliedException;
import dev.seunit.campaign.internal.ModelWords;
import dev.seunit.campaign.internal.Records;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.model.internal.Tracer;

/**
 * One single-fault scenario from its layer on, bit-identical to a full inference: the calls
 * before the fault's layer give their golden outputs, its layer runs with the fault (a parameter
 * written into the model and restored in {@code finally}, or the corrupted golden output of an
 * activation), and the rest runs for real, unless the layer's output is bit-identical to golden:
 * then the fault is MASKED without running the rest (early masking). Runs on the caller's
 * thread, while no batch is in flight (it writes into the model).
 */
final class ExactReplay {

    /** Leaves a replay whose faulty layer output is golden; carries no stack trace. */
    private static final class Masked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Masked() {
            super(null, null, false, false);
        }
    }

    private static final Masked MASKED = new Masked();

    private final GoldenTrace trace;
    private final Records records;
    private final EngineMeter meter;

    ExactReplay(GoldenTrace trace, Records records, EngineMeter meter) {
        this.trace = trace;
        this.records = records;
        this.meter = meter;
    }

    Records records() {
        return records;
    }

    InjectionRecord replay(int index, FaultScenario scenario, TracedCall at) {
        meter.count(Count.REPLAYED);
        long start = System.nanoTime();
        Fault fault = scenario.first();
        long before = 0;
        long after = 0;
        float[] output = null;
        String error = null;
        boolean masked = false;
        try (NDManager scope = trace.scope()) {
            ParameterSite site = trace.site(fault);
            boolean applied = false;
            try {
                NDList faulty = null;
                if (site != null) {
                    before = ModelWords.read(trace.model, site.info(), fault);
                    after = fault.apply(before);
                    ModelWords.write(trace.model, site.info(), fault, after);
                    applied = true;
                } else {
                    int[] bits = at.outBits().clone();
                    long[] words = FaultyOutputs.corruptActivation(at, bits, fault);
                    before = words[0];
                    after = words[1];
                    faulty = new NDList(FloatBits.toArray(scope, bits, at.output.head().getShape()));
                }
                output = FloatBits.floats(forwardFrom(at, faulty).head());
            } catch (Masked e) {
                masked = true;
            } catch (ModelCorruptedException | FaultNotAppliedException e) {
                throw e;
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } finally {
                if (applied) {
                    ModelWords.restore(trace.model, site.info(), fault, before);
                }
            }
        }
        if (masked) {
            meter.count(Count.EARLY_MASKED);
        }
        return records.of(index, scenario, before, after, masked ? records.comparator().identical() : null, output,
                error, System.nanoTime() - start);
    }

    /**
     * The model's output with the golden outputs replayed before {@code at} and {@code faulty} as
     * its output (null: the layer runs, with whatever the model holds); throws {@link #MASKED}
     * when {@code at}'s output is golden.
     */
    private NDList forwardFrom(TracedCall at, NDList faulty) {
        return Tracer.forward(trace.model, trace.golden.inputs(), (call, layer, leaf, store, in) -> {
            if (call < at.index) {
                return trace.calls.get(call).output;
            }
            if (call > at.index) {
                return leaf.forward(store, in, false);
            }
            NDList result = faulty != null ? faulty : leaf.forward(store, in, false);
            if (FloatBits.sameBytes(result, at.outBytes())) {
                throw MASKED;
            }
            return result;
        });
    }
}
