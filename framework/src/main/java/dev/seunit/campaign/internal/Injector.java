package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.ModelCorruptedException;
import dev.seunit.fault.Fault;
import dev.seunit.fault.FaultScenario;
import dev.seunit.fault.FaultSite;
import dev.seunit.model.InjectableModel;
import dev.seunit.model.ParameterInfo;
import dev.seunit.model.internal.ParameterTensor;
import dev.seunit.model.internal.Tracer;

/**
 * Applies one scenario to the model, runs one inference on the golden inputs, and restores
 * every corrupted word in {@code finally}. Parameter faults are written into the model's
 * tensors; activation faults into a copy of the layer's output, for every input of the batch.
 */
@API(status = INTERNAL, since = "0.1")
public final class Injector implements AutoCloseable {

    private final InjectableModel model;
    private final GoldenRun golden;
    private final Records records;
    private final java.time.Duration timeout;
    private java.util.concurrent.ExecutorService worker;

    /** An injector for {@link #run} only (no outcome classification). */
    public Injector(GoldenRun golden) {
        this(golden, null, null);
    }

    /** With a timeout (or null for none) after which an inference counts as DUE. */
    public Injector(GoldenRun golden, Records records, java.time.Duration timeout) {
        this.model = golden.model();
        this.golden = golden;
        this.records = records;
        this.timeout = timeout;
    }

    public InjectionRecord inject(int index, FaultScenario scenario) {
        long start = System.nanoTime();
        long[] before = new long[scenario.size()];
        long[] after = new long[scenario.size()];
        float[] output = null;
        String error = null;
        try (NDManager scope = model.manager().newSubManager()) {
            try {
                NDArray head = run(scenario, scope, before, after, null).head();
                output = (head.getDataType() == DataType.FLOAT32 ? head : head.toType(DataType.FLOAT32, false))
                        .toFloatArray();
            } catch (ModelCorruptedException | FaultNotAppliedException e) {
                throw e;
            } catch (RuntimeException e) {
                // The model raised during inference: a detected error, not a framework failure.
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        return records.of(index, scenario, asList(before), asList(after), null, output, error,
                System.nanoTime() - start);
    }

    /**
     * Applies the scenario, runs one inference with {@code observer} (may be null) seeing every
     * layer's output after any activation fault, and restores the parameters. Outputs belong to
     * {@code scope}.
     */
    public NDList run(FaultScenario scenario, NDManager scope, long[] before, long[] after, Tracer.Hook observer) {
        boolean[] applied = new boolean[scenario.size()];
        boolean activations = false;
        try {
            for (int i = 0; i < scenario.size(); i++) {
                Fault fault = scenario.faults().get(i);
                if (fault.site() instanceof FaultSite.Parameter) {
                    ParameterInfo p = model.parameter(fault.site().name());
                    before[i] = ModelWords.read(model, p, fault);
                    after[i] = fault.apply(before[i]);
                    ModelWords.write(model, p, fault, after[i]);
                    applied[i] = true;
                } else {
                    activations = true;
                }
            }
            scope.tempAttachAll(golden.inputs());
            if (!activations && observer == null) {
                return withTimeout(() -> model.forward(golden.inputs()));
            }
            Tracer.Hook inject = activations ? activationHook(scenario, before, after) : (layer, out) -> out;
            return withTimeout(() -> Tracer.forward(model, golden.inputs(), (Tracer.Hook) (layer, out) -> {
                NDList faulty = inject.after(layer, out);
                return observer == null ? faulty : observer.after(layer, faulty);
            }));
        } finally {
            restore(scenario, before, applied);
        }
    }

    /**
     * Runs one inference, on a worker thread when a timeout is set. PyTorch cannot interrupt an
     * inference, so one that times out is reported (as DUE) only after it has finished: the
     * model is never restored while an inference still reads it.
     */
    private NDList withTimeout(java.util.function.Supplier<NDList> inference) {
        if (timeout == null) {
            return inference.get();
        }
        if (worker == null) {
            worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "seunit-inference");
                t.setDaemon(true);
                return t;
            });
        }
        java.util.concurrent.Future<NDList> future = worker.submit(inference::get);
        try {
            return future.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            awaitQuietly(future);
            throw new InferenceTimeout("the inference took longer than the timeout of " + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            awaitQuietly(future);
            throw new IllegalStateException("interrupted while waiting for an inference", e);
        }
    }

    private static void awaitQuietly(java.util.concurrent.Future<NDList> future) {
        boolean interrupted = false;
        while (true) {
            try {
                future.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** An inference that exceeded the campaign's timeout: a DUE. */
    static final class InferenceTimeout extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InferenceTimeout(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdown();
        }
    }

    private void restore(FaultScenario scenario, long[] before, boolean[] applied) {
        // Reverse order: two faults in one word must unwind to the first saved value.
        for (int i = scenario.size() - 1; i >= 0; i--) {
            if (!applied[i]) {
                continue;
            }
            Fault fault = scenario.faults().get(i);
            ModelWords.restore(model, model.parameter(fault.site().name()), fault, before[i]);
        }
    }

    private static Tracer.Hook activationHook(FaultScenario scenario, long[] before, long[] after) {
        return (layer, out) -> {
            NDArray corrupted = null;
            for (int i = 0; i < scenario.size(); i++) {
                Fault fault = scenario.faults().get(i);
                if (!(fault.site() instanceof FaultSite.Activation) || !fault.site().name().equals(layer)) {
                    continue;
                }
                if (corrupted == null) {
                    // a copy: the layer's output may alias its input or a cached array
                    corrupted = out.head().duplicate();
                }
                Shape shape = corrupted.getShape();
                Shape perInput = shape.slice(1);
                long[] inner = ParameterTensor.coordinates(perInput, fault.site().index());
                NDManager scratch = corrupted.getManager();
                for (long n = 0; n < shape.get(0); n++) {
                    long[] full = new long[inner.length + 1];
                    full[0] = n;
                    System.arraycopy(inner, 0, full, 1, inner.length);
                    NDIndex index = new NDIndex(full);
                    long word = ParameterTensor.readWord(corrupted, index, fault.format(), scratch);
                    long faulty = fault.apply(word);
                    if (n == 0) {
                        before[i] = word;
                        after[i] = faulty;
                    }
                    ParameterTensor.writeWord(corrupted, index, fault.format(), faulty, scratch);
                }
            }
            if (corrupted == null) {
                return out;
            }
            NDList replaced = new NDList(corrupted);
            for (int j = 1; j < out.size(); j++) {
                replaced.add(out.get(j));
            }
            return replaced;
        };
    }

    private static List<Long> asList(long[] words) {
        List<Long> list = new ArrayList<>(words.length);
        for (long w : words) {
            list.add(w);
        }
        return list;
    }
}
