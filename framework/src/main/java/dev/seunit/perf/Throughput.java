package dev.seunit.perf;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.Locale;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.apiguardian.api.API;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.model.InjectableModel;

/**
 * Inference speed of a model on a golden run's inputs, measured after warm-up: inputs per
 * second and the median latency of one batch, so robustness can be set against processing
 * performance.
 *
 * @param batch inputs per inference
 * @param runs timed inferences
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Throughput(int batch, int runs, double medianMillis, double inputsPerSecond) {

    public static Throughput measure(GoldenRun golden, int warmup, int runs) {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("need warmup >= 0 and runs >= 1; got " + warmup + " and " + runs);
        }
        InjectableModel model = golden.model();
        NDList inputs = golden.inputs();
        long[] nanos = new long[runs];
        for (int i = 0; i < warmup + runs; i++) {
            try (NDManager scope = model.manager().newSubManager()) {
                scope.tempAttachAll(inputs);
                long start = System.nanoTime();
                model.forward(inputs).head().toFloatArray(); // include reading the result, as a campaign does
                long took = System.nanoTime() - start;
                if (i >= warmup) {
                    nanos[i - warmup] = took;
                }
            }
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        double total = Arrays.stream(nanos).sum() / 1e9;
        int batch = golden.inputCount();
        return new Throughput(batch, runs, median / 1e6, batch * runs / total);
    }

    /** Frames (inputs) per second. */
    public double fps() {
        return inputsPerSecond;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f inputs/s (batch %d, median %.3f ms over %d runs)", inputsPerSecond, batch,
                medianMillis, runs);
    }
}
