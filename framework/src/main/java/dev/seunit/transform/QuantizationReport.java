package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apiguardian.api.API;

/**
 * What int8 post-training quantization did and what it cost.
 *
 * @param floatAccuracy the float model's accuracy on the calibration inputs (see {@link VariantModel#accuracyMetric()})
 * @param int8Accuracy the int8 model's accuracy on the same inputs
 * @param agreement the share of predictions the int8 model shares with the float one
 * @param layers the quantized layers
 * @param floatLayers layers with parameters left in float32, and why
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record QuantizationReport(double floatAccuracy, double int8Accuracy, double agreement, List<Layer> layers,
        Map<String, String> floatLayers) {

    /**
     * One quantized layer.
     *
     * @param layer its name (the float layer's, so campaigns select it the same way)
     * @param foldedBatchNorm the batch norm folded into it, or null
     * @param inputScale real input = int8 input x input scale (calibrated: largest |input| / 127)
     * @param weightScales per output channel: real weight = int8 weight x scale (largest |w| / 127)
     * @param maxWeightError the largest |int8 x scale - w| over the layer's weights, in units of
     *     its channel's scale: at most 0.5
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Layer(String layer, String foldedBatchNorm, float inputScale, float[] weightScales,
            double maxWeightError) {
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "int8: %d layers quantized (%d left float), accuracy %.4f vs %.4f float, "
                + "%.2f%% same predictions", layers.size(), floatLayers.size(), int8Accuracy, floatAccuracy,
                100 * agreement);
    }
}
