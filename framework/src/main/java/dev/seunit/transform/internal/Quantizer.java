package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import dev.seunit.transform.QuantizationReport;

/**
 * Int8 post-training quantization of a Java-built model: each Conv2d and Linear layer becomes
 * a {@link QuantizedLayer}, with the batch norm that directly follows it folded in first (the
 * batch norm's place is kept by an identity layer, so later layer names do not shift). Input
 * scales are calibrated on fault-free inputs of the float model.
 */
@API(status = INTERNAL, since = "0.1")
public final class Quantizer {

    /** The int8 model, its quantized layers, and the layers with parameters left in float. */
    public record Result(Block block, List<QuantizationReport.Layer> layers, Map<String, String> floatLayers) {
    }

    private Quantizer() {
    }

    public static Result quantize(Block model, NDList calibration, NDManager manager) {
        Map<String, BatchNorm> folds = new HashMap<>();
        Map<String, String> foldedInto = new HashMap<>();
        Map<String, String> floatLayers = new LinkedHashMap<>();
        for (List<Chains.Link> chain : Chains.of(model)) {
            for (int i = 0; i < chain.size(); i++) {
                Chains.Link link = chain.get(i);
                Block b = link.block();
                if (quantizable(b) && i + 1 < chain.size() && chain.get(i + 1).block() instanceof BatchNorm
                        && Layers.BatchNormConfig.of((BatchNorm) chain.get(i + 1).block()).axis() == 1) {
                    folds.put(link.path(), (BatchNorm) chain.get(i + 1).block());
                    foldedInto.put(chain.get(i + 1).path(), link.path());
                }
            }
        }
        Map<String, Float> maxAbsInput = new HashMap<>();
        Probe.run(model, calibration, (path, leaf) -> quantizable(leaf), (layer, in, out) -> maxAbsInput.merge(layer,
                in.head().abs().max().getFloat(), Math::max), manager);
        List<QuantizationReport.Layer> layers = new ArrayList<>();
        Block quantized = Rebuilder.copy(model, (path, leaf) -> {
            if (foldedInto.containsKey(path)) {
                return Blocks.identityBlock();
            }
            if (!quantizable(leaf)) {
                if (!leaf.getParameters().isEmpty()) {
                    floatLayers.put(path, leaf instanceof BatchNorm ? "a batch norm that does not directly follow a "
                            + "Conv2d or Linear layer" : "SEUnit quantizes Conv2d and Linear layers, not "
                                    + leaf.getClass().getSimpleName());
                }
                return null;
            }
            Float max = maxAbsInput.get(path);
            if (max == null) {
                throw new IllegalStateException("layer " + path + " did not run on the calibration inputs");
            }
            float[][] folded = fold(leaf, folds.get(path));
            float inputScale = Int8.inputScale(max);
            QuantizedLayer q = leaf instanceof Conv2d
                    ? QuantizedConv2d.of((Conv2d) leaf, folded[0], folded[1], inputScale, manager)
                    : QuantizedLinear.of((Linear) leaf, folded[0], folded[1], inputScale, manager);
            layers.add(new QuantizationReport.Layer(path, folds.containsKey(path) ? foldedInto.entrySet().stream()
                    .filter(e -> e.getValue().equals(path)).findFirst().orElseThrow().getKey() : null, inputScale,
                    q.weightScales(), maxError(folded[0], q.dequantizedWeights(), q.weightScales())));
            return q;
        }, manager, Map.of());
        reportCustomFloatLayers(model, layers, foldedInto, floatLayers);
        return new Result(quantized, layers, floatLayers);
    }

    /**
     * Adds the layers the leaf mapper never saw (leaves with parameters that implement
     * RebuildableBlock rebuild themselves) and whose parameters therefore stay float32.
     */
    private static void reportCustomFloatLayers(Block model, List<QuantizationReport.Layer> layers,
            Map<String, String> foldedInto, Map<String, String> floatLayers) {
        java.util.Set<String> covered = new java.util.HashSet<>(foldedInto.keySet());
        covered.addAll(floatLayers.keySet());
        layers.forEach(l -> covered.add(l.layer()));
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : model.getParameters()) {
            String key = p.getKey();
            String name = p.getValue().getName();
            String layer = key.endsWith("_" + name) ? key.substring(0, key.length() - name.length() - 1) : key;
            if (!covered.contains(layer)) {
                covered.add(layer);
                floatLayers.put(layer, "SEUnit quantizes Conv2d and Linear layers, not this custom layer");
            }
        }
    }

    private static boolean quantizable(Block block) {
        return block instanceof Conv2d || block instanceof Linear;
    }

    /** Weights and bias (null when the layer has none and no batch norm is folded) with {@code bn} folded in. */
    static float[][] fold(Block layer, BatchNorm bn) {
        float[] w = Layers.weight(layer).getArray().toFloatArray();
        float[] b = Layers.hasBias(layer) ? Layers.bias(layer).getArray().toFloatArray() : null;
        if (bn == null) {
            return new float[][] {w, b};
        }
        float eps = Layers.BatchNormConfig.of(bn).epsilon();
        float[] gamma = Layers.batchNormArray(bn, "gamma").toFloatArray();
        float[] beta = Layers.batchNormArray(bn, "beta").toFloatArray();
        float[] mean = Layers.batchNormArray(bn, "runningMean").toFloatArray();
        float[] var = Layers.batchNormArray(bn, "runningVar").toFloatArray();
        int channels = gamma.length;
        int per = w.length / channels;
        float[] fw = new float[w.length];
        float[] fb = new float[channels];
        for (int c = 0; c < channels; c++) {
            double g = gamma[c] / Math.sqrt(var[c] + (double) eps);
            for (int k = 0; k < per; k++) {
                fw[c * per + k] = (float) (w[c * per + k] * g);
            }
            fb[c] = (float) (((b == null ? 0 : b[c]) - mean[c]) * g + beta[c]);
        }
        return new float[][] {fw, fb};
    }

    private static double maxError(float[] w, float[] roundTrip, float[] scales) {
        int per = w.length / scales.length;
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            max = Math.max(max, Math.abs(roundTrip[i] - (double) w[i]) / scales[i / per]);
        }
        return max;
    }
}
