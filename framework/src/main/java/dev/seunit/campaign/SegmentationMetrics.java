package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Intersection over union of per-pixel predictions against labels. Global IoU pools every
 * class ({@code sum TP / sum (TP + FP + FN)}); weighted IoU weights each class's IoU by its
 * share of labelled pixels; labels outside {@code [0, classes)} are ignored.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SegmentationMetrics(double globalIou, double weightedIou, double[] perClassIou, double pixelAccuracy) {

    public static SegmentationMetrics of(int[] predicted, int[] labels, int classes) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions but " + labels.length + " labels");
        }
        long[] tp = new long[classes];
        long[] fp = new long[classes];
        long[] fn = new long[classes];
        long[] support = new long[classes];
        long counted = 0;
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                continue;
            }
            int p = predicted[i];
            counted++;
            support[label]++;
            if (p == label) {
                tp[label]++;
                correct++;
            } else {
                fn[label]++;
                if (p >= 0 && p < classes) {
                    fp[p]++;
                }
            }
        }
        double[] perClass = new double[classes];
        long sumTp = 0;
        long sumAll = 0;
        double weighted = 0;
        for (int c = 0; c < classes; c++) {
            long union = tp[c] + fp[c] + fn[c];
            perClass[c] = union == 0 ? Double.NaN : (double) tp[c] / union;
            sumTp += tp[c];
            sumAll += union;
            if (support[c] > 0) {
                weighted += perClass[c] * support[c] / counted;
            }
        }
        return new SegmentationMetrics(sumAll == 0 ? Double.NaN : (double) sumTp / sumAll, weighted, perClass,
                counted == 0 ? Double.NaN : (double) correct / counted);
    }
}
