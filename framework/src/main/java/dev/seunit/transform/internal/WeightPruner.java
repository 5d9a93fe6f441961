package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.seunit.model.internal.GradMode;

/**
 * Unstructured magnitude pruning, in place on a variant's own arrays: in every convolution and
 * linear weight tensor the given share of smallest magnitudes becomes zero. The mask is kept so
 * that fine-tuning cannot bring pruned weights back.
 */
@API(status = INTERNAL, since = "0.1")
public final class WeightPruner {

    private final Map<String, BitSet> masks = new LinkedHashMap<>();

    /** Zeroes the {@code percent} smallest |w| of each weight tensor of {@code model} (which must be a variant's copy). */
    public static WeightPruner prune(Block model, int percent) {
        WeightPruner pruner = new WeightPruner();
        for (Pair<String, Parameter> p : weights(model)) {
            float[] w = p.getValue().getArray().toFloatArray();
            int remove = (int) Math.floor(w.length * percent / 100.0);
            pruner.masks.put(p.getKey(), smallest(w, remove));
        }
        pruner.apply(model);
        return pruner;
    }

    /** Sets the pruned weights to zero again (after fine-tuning moved them). */
    public void apply(Block model) {
        GradMode.off(() -> {
            for (Pair<String, Parameter> p : weights(model)) {
                BitSet mask = masks.get(p.getKey());
                if (mask == null || mask.isEmpty()) {
                    continue;
                }
                NDArray array = p.getValue().getArray();
                float[] w = array.toFloatArray();
                for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
                    w[i] = 0f;
                }
                Inference.overwrite(array, w);
            }
        });
    }

    private static Iterable<Pair<String, Parameter>> weights(Block model) {
        return () -> model.getParameters().stream().filter(p -> p.getValue().getType() == Parameter.Type.WEIGHT)
                .iterator();
    }

    /** The indices of the {@code count} smallest magnitudes (ties: the first indices). */
    static BitSet smallest(float[] w, int count) {
        BitSet chosen = new BitSet(w.length);
        if (count <= 0) {
            return chosen;
        }
        float[] magnitudes = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            magnitudes[i] = Math.abs(w[i]);
        }
        float[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        float threshold = sorted[count - 1];
        int taken = 0;
        for (int i = 0; i < w.length && taken < count; i++) {
            if (magnitudes[i] < threshold) {
                chosen.set(i);
                taken++;
            }
        }
        for (int i = 0; i < w.length && taken < count; i++) {
            if (magnitudes[i] == threshold) {
                chosen.set(i);
                taken++;
            }
        }
        return chosen;
    }
}
