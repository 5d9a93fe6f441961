package dev.seunit.campaign.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import ai.djl.ndarray.types.Shape;

import dev.seunit.campaign.Task;

/** Reads predictions (class indices) out of a flat output in row-major order. */
@API(status = INTERNAL, since = "0.1")
public final class Predictions {

    private Predictions() {
    }

    /** One predicted class per input (classification) or per pixel (segmentation, NC...); null for regression. */
    public static int[] of(Task task, float[] output, Shape shape) {
        switch (task.kind()) {
            case CLASSIFICATION: {
                int classes = (int) shape.get(shape.dimension() - 1);
                int rows = output.length / classes;
                int[] predicted = new int[rows];
                for (int r = 0; r < rows; r++) {
                    predicted[r] = argmax(output, r * classes, 1, classes);
                }
                return predicted;
            }
            case SEGMENTATION: {
                if (shape.dimension() < 3) {
                    throw new IllegalArgumentException("a segmentation output needs shape (N, classes, H, W); got " + shape);
                }
                int batch = (int) shape.get(0);
                int classes = (int) shape.get(1);
                int pixels = (int) (shape.size() / batch / classes);
                int[] predicted = new int[batch * pixels];
                float[] best = new float[pixels];
                for (int n = 0; n < batch; n++) {
                    // class by class over contiguous planes, not pixel by pixel across them: the
                    // same first-maximum argmax, several times faster on large outputs
                    int base = n * classes * pixels;
                    int first = n * pixels;
                    System.arraycopy(output, base, best, 0, pixels);
                    for (int c = 1; c < classes; c++) {
                        int plane = base + c * pixels;
                        for (int p = 0; p < pixels; p++) {
                            float v = output[plane + p];
                            if (v > best[p]) {
                                best[p] = v;
                                predicted[first + p] = c;
                            }
                        }
                    }
                }
                return predicted;
            }
            default:
                return null;
        }
    }

    private static int argmax(float[] values, int start, int stride, int count) {
        int best = 0;
        float bestValue = values[start];
        for (int i = 1; i < count; i++) {
            float v = values[start + i * stride];
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }
}
