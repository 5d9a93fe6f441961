package dev.seunit.transform.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** Symmetric per-channel int8 quantization of weights and int32 quantization of biases. */
@API(status = INTERNAL, since = "0.1")
public final class Int8 {

    private Int8() {
    }

    /** int8 values (row-major, output channel first) and one scale per output channel. */
    public record Weights(byte[] values, float[] scales) {
    }

    /**
     * Scale {@code max|w| / 127} per output channel (1 for an all-zero channel) and values
     * {@code round(w / scale)} in [-127, 127]: the round trip {@code value * scale} is within
     * {@code scale / 2} of {@code w}.
     */
    public static Weights weights(float[] w, int channels) {
        int per = w.length / channels;
        byte[] q = new byte[w.length];
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            float max = 0;
            for (int k = 0; k < per; k++) {
                max = Math.max(max, Math.abs(w[c * per + k]));
            }
            scales[c] = max > 0 ? max / 127f : 1f;
            for (int k = 0; k < per; k++) {
                double v = Math.rint(w[c * per + k] / (double) scales[c]);
                q[c * per + k] = (byte) Math.max(-127, Math.min(127, v));
            }
        }
        return new Weights(q, scales);
    }

    /** The input scale for activations whose largest magnitude is {@code maxAbs}. */
    public static float inputScale(float maxAbs) {
        return maxAbs > 0 && Float.isFinite(maxAbs) ? maxAbs / 127f : 1f;
    }

    /** Biases in units of input scale x weight scale, saturated to the int32 range. */
    public static int[] bias(float[] bias, float inputScale, float[] weightScales) {
        int[] q = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
            double v = Math.rint(bias[c] / ((double) inputScale * weightScales[c]));
            q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return q;
    }
}
